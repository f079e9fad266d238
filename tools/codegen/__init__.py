"""aiozoom's code generator: Zoom's API Hub descriptions in, the typed Zoom API out.

``python -m tools.codegen`` (see :mod:`tools.codegen.generate`) reads every product's description
and the master-account variants (:mod:`tools.codegen.hub`), applies the corrections in
:mod:`tools.codegen.patches`, builds the intermediate form (:mod:`tools.codegen.ir`, names from
:mod:`tools.codegen.naming` and ``names.json``) and prints it (:mod:`tools.codegen.render`, the
reference pages by :mod:`tools.codegen.reference`); the webhook events come from
:mod:`tools.codegen.webhooks`.
"""
