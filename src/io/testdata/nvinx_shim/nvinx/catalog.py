"""Test shim: nvinx 0.1's data model as its README states it (nvinx is not installable here)."""
from dataclasses import dataclass, field
from enum import Enum
from typing import List, Optional


class Residency(Enum):
    GPU_EXCLUSIVE = "GPU_EXCLUSIVE"
    GPU_SHARED = "GPU_SHARED"
    CPU_ONLY = "CPU_ONLY"
    GPU_RAM_OVERFLOW = "GPU_RAM_OVERFLOW"


@dataclass(frozen=True)
class HardwareSpec:
    vram_gb: float
    ram_gb: float
    cpu_cores: int


@dataclass(frozen=True)
class ModelSpec:
    name: str
    vram_gb: float
    residency: Residency
    cpu_fallback_supported: bool = False
    ram_overflow_supported: bool = False
    ram_gb_needed: Optional[float] = None


@dataclass
class SchedulingPlan:
    gpu_foreground: Optional[ModelSpec] = None
    gpu_coresident: List[ModelSpec] = field(default_factory=list)
    cpu_parallel: List[ModelSpec] = field(default_factory=list)
    overflow: List[ModelSpec] = field(default_factory=list)
    unscheduled: List[ModelSpec] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
