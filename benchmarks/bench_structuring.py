"""Structuring a page of 300 users into models, per record, against ``json.loads`` of the page.

The page is Zoom's example user repeated with distinct ids. Reported, in microseconds per record,
best of ``--repeat`` timings of ``--number`` loops, each as a ratio to ``json.loads`` of the page
(the typed-speed target: at most 1.2x):

- ``structure``: ``structure(page, UserList).users``, the page and its 300 user models;
- ``structure_and_read_two``: that, then each user's ``id`` and ``email`` (what a loop over the
  users typically reads);
- ``structure_and_read_all``: that, then every field of every user (``repr``, ``==`` or
  ``unstructure`` read them all).

    python benchmarks/bench_structuring.py [--records 300] [--number 200] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import timeit

import attrs

from aiozoom.models import structure
from aiozoom.models.users import UserList, UserListItem
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
    names = [f.name for f in attrs.fields(UserListItem)]

    def two() -> None:
        for user in structure(data, UserList).users or ():
            _ = (user.id, user.email)

    def every() -> None:
        for user in structure(data, UserList).users or ():
            for name in names:
                getattr(user, name)

    decode = best(lambda: json.loads(text))
    typed = best(lambda: structure(data, UserList).users)
    read_two = best(two)
    read_all = best(every)
    print(
        json.dumps(
            {
                "records": args.records,
                "json_loads_us_per_record": round(decode, 2),
                "structure_us_per_record": round(typed, 2),
                "ratio": round(typed / decode, 2),
                "structure_and_read_two_us_per_record": round(read_two, 2),
                "ratio_read_two": round(read_two / decode, 2),
                "structure_and_read_all_us_per_record": round(read_all, 2),
                "ratio_read_all": round(read_all / decode, 2),
                "target": 1.2,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
