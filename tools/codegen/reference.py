"""The API reference in Markdown: an index of products and namespaces, and a page per namespace.

``docs/api-reference.md`` groups the top-level namespaces of ``ZoomClient`` by Zoom API Hub product
and links to ``docs/api/<namespace>.md``, which lists every method of that namespace (and of the
namespaces below it): the call as a user writes it, HTTP method and path, rate-limit category,
scopes, a table of parameters and body fields, what comes back, paging, and whether a master
account can call it for a sub-account.

A namespace whose page would be larger than ``SPLIT_ABOVE`` bytes (``zoom.phone``, with hundreds
of methods: GitHub does not display a Markdown file much over 500 KB) is split:
``docs/api/<namespace>.md`` has its own methods and a table of the namespaces below it, and each
of those has its page, ``docs/api/<namespace>/<below>.md`` (``docs/api/phone/call_logs.md``), with
the same sections. :func:`page_of` says which page a namespace's methods are on.

Everything is read from the intermediate form (:mod:`tools.codegen.ir`); types are printed by
:func:`tools.codegen.render.ann`, as in the generated signatures. Output is deterministic: sorted,
no dates. Anchors are explicit (``<a id="rooms-account-get"></a>``: the dotted Python name with
``-`` for ``.``), so a link to a method stays valid whatever else is added to its page; a split
namespace's overview keeps an anchor per namespace below it (``phone.md#phone-call_logs``), in
the row that links to its page.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tools.codegen import ir, naming, render, spec

__all__ = [
    "INDEX",
    "PAGES",
    "SPLIT_ABOVE",
    "anchor",
    "arguments",
    "call_signature",
    "page_of",
    "page_path",
    "render_reference",
    "signature_parts",
    "split_namespaces",
]

INDEX = "docs/api-reference.md"
PAGES = "docs/api"
SPLIT_ABOVE = 100_000  # bytes: a namespace's page larger than this is split (see above)
_LINE = 100  # a call longer than this is printed one argument per line
_CELL = 200  # table descriptions are cut to about this many characters
_TYPE_CELL = 120  # a longer type in a table shows its first Literal values only (signature: all)

# API Hub product (file stem) -> title; a product not named here is titled from its stem.
PRODUCT_TITLES: dict[str, str] = {
    "accounts": "Accounts",
    "ai-companion": "AI Companion",
    "auto-dialer": "Auto Dialer",
    "calendar": "Calendar",
    "chatbot": "Chatbot",
    "clips": "Clips",
    "cobrowse-sdk": "Cobrowse SDK",
    "commerce": "Commerce",
    "conference-room-connector": "Conference Room Connector",
    "contact-center": "Contact Center",
    "events": "Events",
    "healthcare": "Healthcare",
    "mail": "Mail",
    "marketplace": "Marketplace",
    "meetings": "Meetings",
    "number-management": "Number Management",
    "phone": "Phone",
    "qss": "Quality of Service Subscription (QSS)",
    "quality-management": "Quality Management",
    "revenue-accelerator": "Revenue Accelerator",
    "rooms": "Zoom Rooms",
    "scheduler": "Scheduler",
    "scim2": "SCIM 2.0",
    "tasks": "Tasks",
    "team-chat": "Team Chat",
    "users": "Users",
    "video-management": "Video Management",
    "video-sdk": "Video SDK",
    "virtual-agent": "Virtual Agent",
    "whiteboard": "Whiteboard",
    "workforce-management": "Workforce Management",
    "zoom-docs": "Docs",
}


# -- names, anchors, text ---------------------------------------------------------------------


def product_title(product: str) -> str:
    return PRODUCT_TITLES.get(product) or product.replace("-", " ").replace("_", " ").title()


def _product_order(product: str) -> tuple[str, str]:
    return product_title(product).lower(), product


def anchor(dotted: str) -> str:
    """The explicit anchor of a namespace (``rooms.account``) or method (``rooms.account.get``)."""
    return dotted.replace(".", "-")


def _product_anchor(product: str) -> str:
    return "product-" + re.sub(r"[^a-z0-9]+", "-", product.lower()).strip("-")


def page_path(top: str, below: str = "") -> str:
    """The page of a top-level namespace (``docs/api/phone.md``), or of a namespace ``below`` it
    when that namespace is split (``docs/api/phone/call_logs.md``): relative to the repository."""
    return f"{PAGES}/{top}/{below}.md" if below else f"{PAGES}/{top}.md"


def page_of(namespace: str, split: Collection[str] = ()) -> str:
    """The page with the methods of ``namespace`` (``phone.call_logs``), where ``split`` are the
    top-level namespaces that have a page per namespace below them (:func:`split_namespaces`)."""
    top, _, rest = namespace.partition(".")
    if top in split and rest:
        return page_path(top, rest.split(".")[0])
    return page_path(top)


def _relative(page: str, target: str) -> str:
    """``target`` (a path relative to the repository) as a link from ``page``."""
    return posixpath.relpath(target, posixpath.dirname(page))


def _link(page: str, namespace: str, split: Collection[str]) -> str:
    """A link from ``page`` to where ``namespace`` starts: its own page, or its anchor."""
    target = page_of(namespace, split)
    if namespace.count(".") == 1 and target != page_of(_top(namespace), split):
        return _relative(page, target)
    return f"{_relative(page, target)}#{anchor(namespace)}"


def _about(namespace: str) -> str:
    """The namespace's one-line description, where the naming tables give one (else "")."""
    entry = getattr(naming, "NAMESPACES", {}).get(namespace)
    if isinstance(entry, tuple) and len(entry) >= 3 and isinstance(entry[2], str):
        return entry[2]
    return ""


def _code(text: str) -> str:
    """``text`` as an inline code span (longer fences when it holds backticks)."""
    if "`" not in text:
        return f"`{text}`"
    fence = "``" if "``" not in text else "```"
    return f"{fence} {text} {fence}"


def _flat(text: str) -> str:
    """A description's first paragraph on one line: bullets joined with ``;``."""
    paragraph = text.strip().split("\n\n", 1)[0]
    parts: list[str] = []
    for line in paragraph.splitlines():
        line = line.strip()
        bullet = re.match(r"[*\-\u2022]\s+", line)
        if bullet:
            line = line[bullet.end() :]
            if parts and not parts[-1].endswith((":", ";", ".", "!", "?")):
                parts[-1] += ";"
        if line:
            parts.append(line)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    # never leave a code span open
    if cut.count("`") % 2:
        cut = cut[: cut.rfind("`")].rstrip()
    return cut + " ..."


def _escape(text: str) -> str:
    """Prose that Markdown shows as written: no stray HTML, no accidental headings."""
    text = text.replace("<", "&lt;")
    return "\n".join(
        "\\" + line if re.match(r"\s*(#|>|=+\s*$|-{3,}\s*$)", line) else line
        for line in text.splitlines()
    )


def _cell(text: str, limit: int = _CELL) -> str:
    """A table cell: one line, short, ``|`` escaped."""
    return _escape(_shorten(_flat(text), limit)).replace("|", "\\|") or "-"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# -- arguments --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arg:
    """One argument of a generated method, as the signature and the parameter table show it."""

    python: str
    zoom: str  # the name Zoom gives it ("" for ``body`` and ``filename``)
    where: str  # "path" | "query" | "header" | "body" | "file" | "form"
    annotation: str
    default: str | None  # the Python default; None: a required argument
    required: bool  # Zoom requires it (a body field is required in the body, not as a keyword)
    doc: str

    @property
    def keyword(self) -> bool:
        return self.where != "path"


def _ann(t: ir.TypeRef, ctx: str) -> str:
    return render.ann(t, ctx, render.Imports())


def _is_file(f: ir.Field) -> bool:
    return isinstance(f.type, ir.Prim) and f.type.py == "bytes"


def arguments(op: ir.Operation) -> list[Arg]:
    """The method's arguments in signature order: path parameters, then keyword-only ones
    (those without a default first), as :func:`tools.codegen.render.render_method` writes them."""
    args: list[Arg] = []
    for p in op.path_params:
        default = render.py_literal(p.default) if p.default is not ir.NO_DEFAULT else None
        args.append(Arg(p.python, p.name, "path", _ann(p.type, "param"), default, True, p.doc))
    keywords: list[Arg] = []
    for p in [*op.query_params, *op.header_params]:
        t = _ann(p.type, "param")
        doc = p.doc
        where = "header" if p.location == "header" else "query"
        if p.name == op.size_param and op.paging:
            most = f" (Zoom allows at most {op.page_size_max})" if op.page_size_max else ""
            doc = f"Items per request{most}."
        if p.required:
            keywords.append(Arg(p.python, p.name, where, t, None, True, doc))
        elif p.default is not ir.NO_DEFAULT:
            default = render.py_literal(p.default)
            keywords.append(Arg(p.python, p.name, where, f"{t} | None", default, False, doc))
        else:
            keywords.append(Arg(p.python, p.name, where, f"{t} | None", "None", False, doc))
    if op.body_kind == "json" and op.body_model is not None:
        keywords.append(
            Arg(
                "body",
                "",
                "body",
                f"{op.body_model.name} | Mapping[str, Any] | None",
                "None",
                False,
                "The whole request body, as a model or a mapping; the keyword arguments below"
                " override its fields.",
            )
        )
        # the keyword of a field named like a parameter before it has a trailing "_"
        for f, keyword in zip(op.body_fields, op.body_kwargs, strict=True):
            t = _ann(f.type, "kwarg")
            annotation = t if t == "Any" else f"{t} | None"
            keywords.append(Arg(keyword, f.json, "body", annotation, "None", f.required, f.doc))
    elif op.body_kind == "array":
        keywords.append(
            Arg("body", "", "body", "Sequence[Any]", None, True, "The request body: a list.")
        )
    elif op.body_kind == "free":
        keywords.append(
            Arg(
                "body",
                "",
                "body",
                "Mapping[str, Any] | None",
                "None",
                False,
                "The request body as a mapping (Zoom describes no fields for it).",
            )
        )
    has_file = False
    for f in op.multipart_files:
        t = _ann(f.type, "kwarg")
        if _is_file(f):
            has_file = True
            doc = "The file's content: bytes, or a binary file object to read."
            keywords.append(Arg(f.name, f.json, "file", t, None, True, doc))
        elif f.required:
            keywords.append(Arg(f.name, f.json, "form", t, None, True, f.doc))
        else:
            keywords.append(Arg(f.name, f.json, "form", f"{t} | None", "None", False, f.doc))
    if has_file:
        doc = "The file name sent with the upload (give the file's extension)."
        keywords.append(Arg("filename", "", "file", "str", '"upload"', False, doc))
    keywords.sort(key=lambda a: a.default is not None)  # stable: required keywords first
    return args + keywords


def _returns_ann(op: ir.Operation) -> str:
    """What the call gives back: the return annotation, or for a paged method the item type."""
    if op.paging:
        return _ann(op.item_type or ir.Prim("Any"), "return")
    if op.response_kind == "model" and op.response_type is not None:
        name = _ann(op.response_type, "return")
        return f"{name} | None" if op.response_optional else name
    if op.response_kind == "list" and op.response_type is not None:
        return _ann(op.response_type, "return")
    if op.response_kind == "any":
        return "Any"
    return "None"


def signature_parts(op: ir.Operation) -> list[str]:
    """The parameters of the generated method (without ``self``), as its ``def`` writes them:
    ``["meeting_id: int | str", "*", "occurrence_id: str | None = None", ...]``."""
    parts: list[str] = []
    star = False
    for a in arguments(op):
        if a.keyword and not star:
            parts.append("*")
            star = True
        parts.append(f"{a.python}: {a.annotation}" + (f" = {a.default}" if a.default else ""))
    return parts


def call_signature(op: ir.Operation, client: str = "zoom") -> str:
    """The call as a user writes it, with the generated method's annotations and defaults:
    ``await zoom.meetings.get(meeting_id: int | str, *, ...) -> Meeting``, or for a paged method
    ``async for item in zoom.users.list(*, ...):  # item: UserListItem``."""
    parts = signature_parts(op)
    target = f"{client}.{op.namespace}.{op.method_name}"
    returns = _returns_ann(op)
    if op.paging:
        head, tail = f"async for item in {target}(", f"):  # item: {returns}"
    else:
        head, tail = f"await {target}(", f") -> {returns}"
    one_line = head + ", ".join(parts) + tail
    if len(one_line) <= _LINE or not parts:
        return one_line
    return "\n".join([head, *[f"    {p}," for p in parts], tail])


# -- one method -------------------------------------------------------------------------------


def _model_name(t: ir.TypeRef | None) -> tuple[str, str] | None:
    if isinstance(t, ir.Seq):
        t = t.item
    if isinstance(t, ir.Ref):
        return t.model.name, t.model.module
    return None


def _returns_text(op: ir.Operation) -> str:
    if op.paging:
        item = _model_name(op.item_type)
        page = _model_name(op.response_type)
        what = f"{_code(item[0])} (`aiozoom.models.{item[1]}`)" if item else "items"
        text = f"an async iterator of {what}"
        if op.items_key:
            text += f", the {_code(op.items_key)} of each page"
            if page:
                text += f" ({_code(page[0])})"
        return text
    if op.response_kind == "model":
        model = _model_name(op.response_type)
        if model:
            text = f"{_code(model[0])} (`aiozoom.models.{model[1]}`)"
            if op.response_optional:
                text += ", or `None` when Zoom answers 204 No Content"
            return text
    if op.response_kind == "list":
        model = _model_name(op.response_type)
        return f"{_code(_returns_ann(op))}" + (f" (`aiozoom.models.{model[1]}`)" if model else "")
    if op.response_kind == "any":
        return "the decoded JSON answer (`Any`)"
    return f"`None` (Zoom answers {op.success_status} with no body)"


def _paging_text(op: ir.Operation) -> str:
    how = "`next_page_token`" if op.paging == "token" else "`page_number`"
    text = f"by {how}; iterate with `async for` (no `await`), `.pages()` for whole pages"
    if op.page_size_max:
        text += f"; up to {op.page_size_max} items a page (the default `page_size`)"
    return text


def _scopes(scopes: Iterable[str]) -> str:
    return ", ".join(_code(s) for s in scopes)


def _intro(op: ir.Operation) -> str:
    """The description's first paragraph, unless it only repeats the summary or lists scopes."""
    intro = spec.first_paragraph(op.description, 600)
    if not intro or intro.lower().lstrip("*").startswith("scope"):
        return ""
    if intro.rstrip(".").strip().lower() == op.summary.rstrip(".").strip().lower():
        return ""
    return _escape(intro)


def _type_cell(annotation: str) -> str:
    if len(annotation) > _TYPE_CELL:
        # keep the first values of long Literal[...]s; the signature above has them all
        annotation = re.sub(
            r"Literal\[([^\]]*)\]",
            lambda m: (
                "Literal["
                + (_shorten(m.group(1), _TYPE_CELL // 2).replace(" ...", ", ...") or "...")
                + "]"
            ),
            annotation,
        )
    return _code(annotation).replace("|", "\\|")


def _requirement(a: Arg) -> str:
    if a.where == "path":
        return "required" if a.default is None else f"default {_code(a.default)}"
    if a.where == "body" and a.python != "body":
        return "required" if a.required else "optional"
    if a.default is None:
        return "required"
    if a.default == "None":
        return "optional"
    return f"default {_code(a.default)}".replace("|", "\\|")


def render_method(op: ir.Operation) -> list[str]:
    """The section of one method: heading, call, facts, parameter table."""
    name = f"{op.namespace}.{op.method_name}"
    title = f"### {_code('zoom.' + name)}" + (" (deprecated)" if op.deprecated else "")
    lines = [f'<a id="{anchor(name)}"></a>', "", title, ""]
    if op.summary:
        lines += [_escape(op.summary.rstrip(".") + "."), ""]
    if op.deprecated:
        lines += ["> **Deprecated** by Zoom: it may stop working.", ""]
    lines += ["```python", call_signature(op), "```", ""]
    intro = _intro(op)
    if intro:
        lines += [intro, ""]
    http = f"{_code(f'{op.method} {op.path}')}"
    if op.root:
        http += " (from `https://api.zoom.us`, not under `/v2`)"
    facts = [
        f"- **HTTP:** {http}",
        f"- **Rate limit:** {op.category or 'not stated by Zoom'}",
        f"- **Scopes:** {_scopes(op.scopes) or 'none stated'}",
    ]
    if op.granular_scopes:
        facts.append(f"- **Granular scopes:** {_scopes(op.granular_scopes)}")
    facts.append(f"- **Returns:** {_returns_text(op)}")
    if op.paging:
        facts.append(f"- **Pages:** {_paging_text(op)}")
    if op.master_path:
        facts.append(
            f"- **Master account:** also for a sub-account, as"
            f" `zoom.for_account(sub_account_id).{name}(...)`"
            f" ({_code(f'{op.method} {op.master_path}')})"
        )
    lines += [*facts, ""]
    args = arguments(op)
    if args:
        rows = [
            [
                _code(a.python),
                _code(a.zoom) if a.zoom else "-",
                a.where,
                _type_cell(a.annotation),
                _requirement(a),
                _cell(a.doc),
            ]
            for a in args
        ]
        lines += _table(
            ["argument", "Zoom name", "in", "type", "required / default", "description"], rows
        )
        lines.append("")
    return lines


# -- pages ------------------------------------------------------------------------------------


def _top(namespace: str) -> str:
    return namespace.split(".")[0]


def _sub(namespace: str) -> str:
    """The second part of a dotted namespace (``call_logs`` of ``phone.call_logs.x``), or ""."""
    parts = namespace.split(".")
    return parts[1] if len(parts) > 1 else ""


def _sorted_ops(ops: Iterable[ir.Operation]) -> list[ir.Operation]:
    return sorted(ops, key=lambda o: (o.namespace, o.method_name, o.method, o.path))


def _methods(count: int) -> str:
    return f"{count:,} method{'s' if count != 1 else ''}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    return _escape(_capital(text))


def _nav(path: str, ops: Iterable[ir.Operation], parent: str = "") -> str:
    """The line under a page's title: the index, the parent page, the products, api.md."""
    products = sorted({op.product for op in ops}, key=_product_order)
    index = _relative(path, INDEX)
    links = ", ".join(f"[{product_title(p)}]({index}#{_product_anchor(p)})" for p in products)
    up = f" · [{_code('zoom.' + parent)}]({_relative(path, page_path(parent))})"
    return (
        f"[API reference]({index}){up if parent else ''} · Zoom API Hub product"
        f"{'s' if len(products) > 1 else ''}: {links} · how calling works:"
        f" [api.md]({_relative(path, 'docs/api.md')})"
    )


def _contents(ops: list[ir.Operation], prefix: str, title: str = "Contents") -> list[str]:
    """The table of a page's methods, each named below ``prefix`` and linked to its section."""
    rows = []
    for op in ops:
        name = f"{op.namespace}.{op.method_name}"
        shown = name.removeprefix(prefix + ".")
        summary = _cell(op.summary, 120) + (" (deprecated)" if op.deprecated else "")
        paged = " (pages)" if op.paging else ""
        rows.append(
            [
                f"[{_code(shown)}](#{anchor(name)})",
                op.method,
                _code(op.path).replace("|", "\\|"),
                summary + paged,
            ]
        )
    return [f"## {title}", "", *_table(["method", "HTTP", "path", "summary"], rows)]


def _sections(ops: list[ir.Operation], top: str) -> list[str]:
    """Each namespace's heading (with its anchor) and the sections of its methods."""
    by_namespace: dict[str, list[ir.Operation]] = defaultdict(list)
    for op in ops:
        by_namespace[op.namespace].append(op)
    lines: list[str] = []
    for namespace, members in by_namespace.items():
        lines += ["", f'<a id="{anchor(namespace)}"></a>', "", f"## {_code('zoom.' + namespace)}"]
        about = _about(namespace)
        if about and namespace != top:
            lines += ["", _sentence(about)]
        for op in members:
            lines += ["", *render_method(op)]
            while lines and not lines[-1]:
                lines.pop()
    return lines


def _end(lines: list[str]) -> str:
    """The page's text: its lines, without blank ones at the end."""
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render_page(top: str, ops: list[ir.Operation]) -> str:
    """The page of one top-level namespace and every namespace below it."""
    ops = _sorted_ops(ops)
    namespaces = len({op.namespace for op in ops})
    lines = [
        f"<!-- {render.MARKER} -->",
        f"# {_code('zoom.' + top)}",
        "",
        _nav(page_path(top), ops),
        "",
    ]
    about = _about(top)
    count = _methods(len(ops)) + (f" in {namespaces} namespaces" if namespaces > 1 else "")
    lines += [(f"{_sentence(about)} " if about else "") + count + ".", ""]
    lines += _contents(ops, top)
    lines += _sections(ops, top)
    return _end(lines)


def render_overview(top: str, ops: list[ir.Operation]) -> str:
    """The page of a split top-level namespace: its own methods, if any, and a table of the
    namespaces below it, each of which has a page of its own (:func:`render_subpage`)."""
    ops = _sorted_ops(ops)
    path = page_path(top)
    own = [op for op in ops if op.namespace == top]
    by_sub: dict[str, list[ir.Operation]] = defaultdict(list)
    for op in ops:
        if op.namespace != top:
            by_sub[_sub(op.namespace)].append(op)
    lines = [f"<!-- {render.MARKER} -->", f"# {_code('zoom.' + top)}", "", _nav(path, ops), ""]
    about = _about(top)
    count = _methods(len(ops))
    below = f"{len(by_sub)} namespaces below it, each on a page of its own"
    count += (
        f": {len(own):,} of its own, on this page, and {len(ops) - len(own):,} in" if own else " in"
    )
    lines += [(f"{_sentence(about)} " if about else "") + f"{count} {below}.", ""]
    rows = [
        [
            f'<a id="{anchor(top + "." + sub)}"></a>'
            f"[{_code(sub)}]({_relative(path, page_path(top, sub))})",
            str(len(members)),
            _cell(_capital(_about(f"{top}.{sub}"))),
        ]
        for sub, members in sorted(by_sub.items())
    ]
    lines += ["## Namespaces", "", *_table(["namespace", "methods", "about"], rows)]
    if own:
        lines += ["", *_contents(own, top, "Its own methods"), *_sections(own, top)]
    return _end(lines)


def render_subpage(top: str, sub: str, ops: list[ir.Operation]) -> str:
    """The page of ``zoom.<top>.<sub>`` (and the namespaces below it) of a split namespace."""
    ops = _sorted_ops(ops)
    namespace = f"{top}.{sub}"
    namespaces = len({op.namespace for op in ops})
    lines = [
        f"<!-- {render.MARKER} -->",
        f"# {_code('zoom.' + namespace)}",
        "",
        _nav(page_path(top, sub), ops, parent=top),
        "",
    ]
    about = _about(namespace)
    count = _methods(len(ops)) + (f" in {namespaces} namespaces" if namespaces > 1 else "")
    lines += [(f"{_sentence(about)} " if about else "") + count + ".", ""]
    lines += _contents(ops, namespace)
    lines += _sections(ops, top)
    return _end(lines)


def _top_pages(top: str, ops: list[ir.Operation]) -> dict[str, str]:
    """The page of a top-level namespace; if it would be larger than ``SPLIT_ABOVE`` bytes and
    the namespace has namespaces below it, its overview and a page per namespace below it."""
    whole = render_page(top, ops)
    by_sub: dict[str, list[ir.Operation]] = defaultdict(list)
    for op in ops:
        if op.namespace != top:
            by_sub[_sub(op.namespace)].append(op)
    if len(whole.encode("utf-8")) <= SPLIT_ABOVE or not by_sub:
        return {page_path(top): whole}
    pages = {page_path(top): render_overview(top, ops)}
    for sub in sorted(by_sub):
        pages[page_path(top, sub)] = render_subpage(top, sub, by_sub[sub])
    return pages


def _pages(api: ir.API) -> tuple[dict[str, str], set[str]]:
    by_top: dict[str, list[ir.Operation]] = defaultdict(list)
    for op in api.operations:
        by_top[_top(op.namespace)].append(op)
    files: dict[str, str] = {}
    split: set[str] = set()
    for top in sorted(by_top):
        pages = _top_pages(top, by_top[top])
        if len(pages) > 1:
            split.add(top)
        files.update(pages)
    return files, split


def split_namespaces(api: ir.API) -> set[str]:
    """The top-level namespaces whose methods are on a page per namespace below them."""
    return _pages(api)[1]


def render_index(api: ir.API, split: Collection[str] = ()) -> str:
    """``docs/api-reference.md``: products, their namespaces, how to read the pages. ``split``:
    the top-level namespaces with a page per namespace below them (:func:`split_namespaces`)."""
    ops = api.operations
    by_product: dict[str, list[ir.Operation]] = defaultdict(list)
    for op in ops:
        by_product[op.product].append(op)
    products = sorted(by_product, key=_product_order)
    tops = sorted({_top(op.namespace) for op in ops})
    master = sum(1 for op in ops if op.master_path)
    paged = sum(1 for op in ops if op.paging)
    large = ""
    below = sorted(op.namespace for op in ops if _top(op.namespace) in split and _sub(op.namespace))
    if below:
        names = ", ".join(_code("zoom." + top) for top in sorted(split))
        first = ".".join(below[0].split(".")[:2])
        large = (
            f" The largest ({names}) are split: their page lists the namespaces below them, each"
            f" with a page of its own ({_code(page_of(first, split))}"
            f" for {_code('zoom.' + first)})."
        )
    lines = [
        f"<!-- {render.MARKER} -->",
        "# API reference",
        "",
        f"Every Zoom operation aiozoom covers ({len(ops):,} in all, from {len(products)} Zoom API"
        f" Hub product{'s' if len(products) != 1 else ''}) is a method of `ZoomClient`, grouped"
        f" by namespace: `zoom.meetings.create(...)`. Each of the {len(tops)} top-level namespaces"
        " has a page under `docs/api/` listing its methods and those of the namespaces below"
        f" it.{large} [api.md](api.md) explains calling, models and errors;"
        " `aiozoom.api.operations()` has the same facts at run time.",
        "",
        "## Reading a method's entry",
        "",
        "- **The call**, with the generated method's types and defaults: path parameters are"
        " positional, in path order; everything after `*` is keyword-only. A default shown is"
        ' Zoom\'s documented one and is sent; `None` means "not sent".',
        "- **Types** are the ones in the signature: `Literal[...]` for Zoom's documented values,"
        " `datetime | str` and `date | str` for date-times and dates, a request model or a plain"
        " mapping for nested objects, `bytes | IO[bytes]` for uploads.",
        "- **HTTP**: Zoom's method and path template, relative to `https://api.zoom.us/v2` unless"
        " the entry says otherwise.",
        "- **Rate limit**: Zoom's category (Light, Medium, Heavy, Resource-intensive); limits are"
        " per account, by category.",
        "- **Scopes**: the classic scopes Zoom lists, any one of which is enough; **Granular"
        " scopes**: the fine-grained scopes newer apps are given instead.",
        "- **Parameters**: one row per argument: its Python name, Zoom's name, where it goes"
        " (`path`, `query`, `body` field, upload `file` or `form` field), its type, whether it is"
        " required (for a body field: required in the body, whether passed as a keyword or in"
        " `body=`), and the start of Zoom's description.",
        "",
        "## Pagination",
        "",
        f"Methods marked *pages* ({paged:,} of them) return a `Paginator` at once, without `await`:"
        " `async for user in zoom.users.list(): ...`. Pages are fetched as you iterate, by"
        " `next_page_token` (or, for a few endpoints, `page_number`); `.pages()` yields whole"
        " pages. `page_size` defaults to the largest Zoom allows. The entry's **Returns** names"
        " the item model and the page model.",
        "",
        "## Master accounts",
        "",
        f"Operations Zoom also offers to master accounts ({master:,} of {len(ops):,}) can be called"
        " for a sub-account: `zoom.for_account(sub_account_id).<namespace>.<method>(...)` sends the"
        " same call to Zoom's `/accounts/{accountId}/...` variant. Their entries say **Master"
        " account**; others cannot be called that way.",
        "",
        "## Products",
        "",
    ]
    rows = []
    for product in products:
        members = sorted({_top(op.namespace) for op in by_product[product]})
        rows.append(
            [
                f"[{product_title(product)}](#{_product_anchor(product)})",
                str(len(by_product[product])),
                ", ".join(
                    f"[{_code('zoom.' + t)}]({_relative(INDEX, page_path(t))})" for t in members
                ),
            ]
        )
    lines += _table(["product", "methods", "namespaces"], rows)
    for product in products:
        lines += [
            "",
            f'<a id="{_product_anchor(product)}"></a>',
            "",
            f"## {product_title(product)}",
            "",
        ]
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for op in by_product[product]:
            counts[_top(op.namespace)][op.namespace] += 1
        rows = []
        for top in sorted(counts):
            subs = ", ".join(
                f"[{_code(ns[len(top) + 1 :])}]({_link(INDEX, ns, split)})"
                for ns in sorted(counts[top])
                if ns != top
            )
            rows.append(
                [
                    f"[{_code('zoom.' + top)}]({_relative(INDEX, page_path(top))})",
                    str(sum(counts[top].values())),
                    subs or "-",
                    _cell(_about(top)),
                ]
            )
        lines += _table(["namespace", "methods", "below it", "about"], rows)
    return _end(lines)


def render_reference(api: ir.API) -> dict[str, str]:
    """The index and the pages (:func:`page_of`), by path relative to the repository."""
    pages, split = _pages(api)
    return {INDEX: render_index(api, split), **pages}
