"""Start-up cost the kit has no use for."""

from __future__ import annotations

import sys

# jsonschema imports rfc3987-syntax when it is installed (Jupyter's packages pull it in) to
# check the "iri" format, and that module compiles a Lark grammar on import: about 0.9 s on
# every sphinx-build and every command, measured with ``python -X importtime``. The kit's
# schemas are checked without a FormatChecker, so it never checks that format.
UNUSED_SLOW_IMPORTS = ("rfc3987_syntax",)


def skip_unused_slow_imports() -> None:
    """Mark those modules missing before jsonschema is first imported; jsonschema then
    leaves the formats they check unchecked (it treats a missing one as optional)."""
    for name in UNUSED_SLOW_IMPORTS:
        sys.modules.setdefault(name, None)
