"""Starting the fake's aiohttp applications: one runner, one listening socket per port asked."""

from __future__ import annotations

from aiohttp import web

__all__ = ["serve"]


async def serve(app: web.Application, host: str, *ports: int) -> tuple[web.AppRunner, list[int]]:
    """Run ``app`` on ``host`` at each of ``ports`` (0: a free one); the runner and the ports.

    A test server: at close, handlers still running get a second, not a minute.
    """
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
    await runner.setup()
    bound = []
    for port in ports:
        site = web.TCPSite(runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        bound.append(int(sockets[0].getsockname()[1]))
    return runner, bound
