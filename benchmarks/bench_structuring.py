"""Structuring a page of 300 users into models, per record, against ``json.loads`` of the page.

The page is Zoom's example user repeated with distinct ids. Reported: microseconds per record for
``json.loads`` of the page and for ``structure(page, UserList)`` of the decoded page, and their
ratio (the typed-speed target: at most 1.2x), best of ``--repeat`` timings of ``--number`` loops.

    python benchmarks/bench_structuring.py [--records 300] [--number 200] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import timeit

from aiozoom.models import structure
from aiozoom.models.users import UserList
from aiozoom.testing.spec_fallback import spec_examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--number", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    page = spec_examples()["GET /users"]["responses"][0]
    item = page["users"][0]
    text = json.dumps({**page, "users": [dict(item, id=f"u{i}") for i in range(args.records)]})
    structure(json.loads(text), UserList)  # builds the converter's functions first

    def best(stmt: object) -> float:
        times = timeit.repeat(stmt, number=args.number, repeat=args.repeat)  # type: ignore[arg-type]
        return min(times) / args.number / args.records * 1e6

    data = json.loads(text)
    decode = best(lambda: json.loads(text))
    typed = best(lambda: structure(data, UserList))
    print(
        json.dumps(
            {
                "records": args.records,
                "json_loads_us_per_record": round(decode, 2),
                "structure_us_per_record": round(typed, 2),
                "ratio": round(typed / decode, 2),
                "target": 1.2,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
