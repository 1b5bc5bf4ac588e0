"""`python -m sandbox acumatica|magento --port N [...]`: serve a simulator in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import sys

from sandbox.common.profiles import PROFILES
from sandbox.common.server import SandboxServer


def _common(parser: argparse.ArgumentParser, default_port: int) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=default_port)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="realistic")
    parser.add_argument("--seed", type=int, default=1, help="demo data seed (same seed = same catalog)")
    parser.add_argument("--items", type=int, default=200, help="demo catalog size (stock items)")


def _push_header(value: str) -> tuple[str, str]:
    name, sep, header_value = value.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError('expected "Name: value"')
    return name.strip(), header_value.strip()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    systems = parser.add_subparsers(dest="system", required=True)

    acumatica = systems.add_parser("acumatica", help="the Acumatica ERP contract-based REST API")
    _common(acumatica, 8101)
    acumatica.add_argument("--version", default="24.200.001", choices=["24.200.001", "23.200.001"])
    acumatica.add_argument("--tenant", default="Company")
    acumatica.add_argument("--user", default="admin")
    acumatica.add_argument("--password", default="sandbox")
    acumatica.add_argument("--push-url", default=None, help="where push notifications are POSTed")
    acumatica.add_argument(
        "--push-header", type=_push_header, action="append", default=[], help='"Name: value", repeatable'
    )

    magento = systems.add_parser("magento", help="the Magento 2 REST API")
    _common(magento, 8102)
    magento.add_argument("--token", default="sandbox-token", help="the integration bearer token")
    return parser


def create_app(args: argparse.Namespace) -> object:
    if args.system == "acumatica":
        from sandbox.acumatica import create_app as create_acumatica

        return create_acumatica(
            profile=args.profile,
            seed=args.seed,
            items=args.items,
            version=args.version,
            tenant=args.tenant,
            user=args.user,
            password=args.password,
            push_url=args.push_url,
            push_headers=dict(args.push_header),
        )
    from sandbox.magento import create_app as create_magento

    return create_magento(profile=args.profile, seed=args.seed, items=args.items, token=args.token)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        app = create_app(args)
        server = SandboxServer(app, host=args.host, port=args.port)
    except (ValueError, OSError) as exc:
        print(f"sandbox: {exc}", file=sys.stderr)
        return 2
    print(f"{args.system} sandbox ({args.profile}) on {server.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
