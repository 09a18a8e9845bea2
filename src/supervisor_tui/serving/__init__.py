"""Serving the dashboard to web browsers, safely beyond loopback.

textual-serve runs one dashboard process per browser session; this package puts it behind a
page of our own (title, favicon, local font, focus on load, the public URL) and a shared-secret
check on every route that carries data. See :mod:`supervisor_tui.serving.server`.
"""
