"""HTML from the Jinja2 templates beside this module; everything is autoescaped.

Pages allow scripts only from this server (Content-Security-Policy), so even a label that
slipped through escaping could not run.

Example
-------
>>> "&lt;b&gt;" in render_text("error.html", status=404, detail="<b>")
True
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse

__all__ = ["CSP", "render", "render_text"]

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("sekg.api", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def render_text(template: str, **context: Any) -> str:
    """The template rendered to text."""
    return _environment().get_template(template).render(**context)


def render(template: str, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    """The template as an HTML response with the pages' security headers."""
    return HTMLResponse(render_text(template, status=status, **context), status_code=status,
                        headers={"Content-Security-Policy": CSP,
                                 "X-Content-Type-Options": "nosniff", **(headers or {})})
