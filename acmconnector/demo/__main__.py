"""`python -m acmconnector.demo` (what `make demo` runs)."""

from __future__ import annotations

import sys

from acmconnector.demo import main

sys.exit(main())
