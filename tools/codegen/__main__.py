"""``python -m tools.codegen``: regenerate the typed API (see :mod:`tools.codegen.generate`)."""

from tools.codegen.generate import main

raise SystemExit(main())
