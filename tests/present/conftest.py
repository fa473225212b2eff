"""Present mode's tests share presenting.py (this folder) besides the suite's fixtures."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
