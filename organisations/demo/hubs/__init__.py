"""Each demo hub's story, by the name ``load_demo --hub`` takes."""

from __future__ import annotations

from . import gdansk, goriska, ruse

HUBS = {"goriska": goriska, "ruse": ruse, "gdansk": gdansk}
