"""Request-body size limit, as plain ASGI middleware (it also catches chunked bodies).

Example
-------
>>> app = BodyLimit(lambda scope, receive, send: None, max_body=1_000)
>>> app.max_body
1000
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sekg.api.problems import problem

__all__ = ["BodyLimit"]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Answer 413 to a request whose body is larger than ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = (f"the request body is larger than {self.max_body:,} bytes, this server's "
                   "limit: send a shorter query")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await problem(413, message)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await problem(413, message)(scope, receive, send)
