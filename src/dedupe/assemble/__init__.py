"""The record of the steps made into a `Document`, in passes:

1. `tree.plan_sections`: the heading tree -- which elements make which block under which
   heading -- with the ids handed out by an `Ids` counter in document order;
2. `trace.trace_elements`: each element's provenance and variants, and the merges;
3. `citing.link_citations`: which citations each block cites, and what resolves to none;
4. `blocks.build_sections`: the models, each made once;
5. the report, and the accounting of every character (`dedupe.accounting`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from ..accounting import account
from ..ingest.blocks import Kind
from ..match import similarity
from ..models import Document, Merge, Report, Source, Span, UnresolvedCitation
from ..paths import shown
from ..text import guess_language, normalize_whitespace
from .blocks import block_provenance, build_sections
from .citing import Links, link_citations
from .report import boilerplate, copy_infos, fallback_model, metadata_model, reference_lists
from .trace import Traced, trace_elements
from .tree import Ids, plan_sections

if TYPE_CHECKING:  # the steps import this package: the record's type is only for the checker
    from ..steps.state import State

_MERGES = TypeAdapter(list[Merge])


def assemble_document(state: State) -> Document:
    """The document of a record that went through the steps up to ``citations``."""
    decoded, ingested = state.decoded, state.ingested
    if decoded is None or ingested is None:
        raise ValueError("the 'decode' and 'ingest' steps must run before 'assemble'")
    text, elements, blocks = decoded.text, state.elements, state.blocks

    def span_at(start: int, end: int) -> Span:
        return Span(start=start, end=end, line=ingested.line_of(start))

    heads = [el.block(blocks) for el in elements]
    layout = plan_sections(elements, heads, blocks, Ids())
    traced = trace_elements(elements, heads, blocks, state.teasers, layout.into)
    where = block_provenance(layout.blocks, traced)
    links = link_citations(layout.blocks, traced, where, state.citations, text, span_at)
    sections = build_sections(layout.sections, traced, where, links)

    title = normalize_whitespace(ingested.title.text) if ingested.title else None
    title_provenance = [span_at(ingested.title.start, ingested.title.end)] if ingested.title else []
    merges = list(traced.merges)
    for rep in state.title_repeats:
        spans = [traced.spans[m] for m in rep.members]
        merges.append({"into": "title", "kind": rep.kind.value, "reason": rep.reason,
                       "score": similarity(rep.text, title or ""), "provenance": spans})
        title_provenance += spans
    report = Report(
        copies_detected=len(state.copies) or 1,
        copies=copy_infos(blocks, state.units, ingested, state.copies),
        blocks_in=sum(1 for b in blocks if b.reference_list < 0 and b.kind is not Kind.REFERENCE),
        blocks_out=sum(1 for target in layout.into if target is not None),
        merges=_MERGES.validate_python(merges),
        unresolved_citations=[UnresolvedCitation(text=k, provenance=v) for k, v in links.unresolved.items()],
        reference_lists=reference_lists(blocks, traced.spans),
        config=state.config.as_dict(),
        fallback=fallback_model(state.fallback),
    )
    content = " ".join(el.text for el in elements)
    doc = Document(
        source=Source(path=None if state.path is None else shown(state.path),
                      sha256=hashlib.sha256(state.data).hexdigest(), format=ingested.format,
                      encoding=decoded.encoding, size=len(state.data), notes=list(decoded.notes),
                      replaced=decoded.replaced),
        title=title,
        title_provenance=title_provenance,
        tags=list(dict.fromkeys(ingested.tags)),
        language=guess_language((title or "") + content, state.config),
        metadata=metadata_model(state.metadata, span_at),
        sections=sections,
        citations=state.citations.citations if state.citations else [],
        boilerplate=boilerplate(ingested.chrome),
        report=report,
    )
    coverage, counts = account(text, doc, ingested.markup)
    empty = not any(counts.values())
    report = doc.report.model_copy(update={"coverage": coverage, "accounting": counts, "empty": empty})
    return doc.model_copy(update={"report": report})


__all__ = ["Links", "Traced", "assemble_document"]
