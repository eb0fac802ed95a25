"""Run many generated plan scripts in one Python process (the tests' mutation batches).

Reads a JSON list of script texts on stdin; runs each as __main__ in fresh globals with its
output captured; writes a JSON list of {"status", "out"} on stdout: the exit status the script
would have had (sys.exit's code, or 1 with the traceback in "out" for an uncaught exception).
"""

import contextlib
import io
import json
import sys
import traceback

results = []
for i, text in enumerate(json.load(sys.stdin)):
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    status = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            exec(compile(text, f"<script {i}>", "exec"), {"__name__": "__main__"})
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            status = 1
    out.flush()
    results.append({"status": status, "out": out.buffer.getvalue().decode("utf-8")})
json.dump(results, sys.stdout)
