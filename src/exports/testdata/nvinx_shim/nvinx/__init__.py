# nvinx 0.1's src/nvinx/__init__.py, copied unchanged (github.com/aki1770-del/nvinx, commit 3673f0e;
# MIT License, see ../LICENSE). nvinx cannot be installed on this project's machines, so the
# Python-script tests import this copy. Keep it identical to the published source below this header.

"""nvinx — nginx-style workload scheduler for limited-VRAM GPU bench setups."""

from nvinx.catalog import HardwareSpec, ModelSpec, Residency, SchedulingPlan
from nvinx.patterns import fractional_coresidency, ram_overflow, serial_handoff

__version__ = "0.1.0"

__all__ = [
    "HardwareSpec",
    "ModelSpec",
    "Residency",
    "SchedulingPlan",
    "fractional_coresidency",
    "ram_overflow",
    "serial_handoff",
    "__version__",
]
