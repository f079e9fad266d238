"""Typed resource namespaces over ``ZoomClient.request`` (``zoom.users``, ...)."""
