"""aiozoom's code generator: Zoom's OpenAPI description in, the typed Meeting API out.

``python -m tools.codegen`` (see :mod:`tools.codegen.generate`) reads the spec, applies the
corrections in :mod:`tools.codegen.patches`, builds the intermediate form
(:mod:`tools.codegen.ir`, names from :mod:`tools.codegen.naming`) and prints it
(:mod:`tools.codegen.render`).
"""
