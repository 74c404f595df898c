"""The portal's search: forgiving of case, diacritics and script, the same on every list.

A searchable model keeps its words normalised (``hub.text.search_normalise``) in two columns,
refreshed on every save: ``search_text`` (everything searched) and ``search_name`` (the names, where
misspellings are forgiven and which rank the results). Every word of the query must appear in
``search_text``, in any order. On PostgreSQL both columns have GIN trigram indexes, a word may
instead be a near miss of a word of the names (strict word similarity), and the best matching
names come first; SQLite finds the same rows for correctly spelt words, which is what the
embedded default needs.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.postgres.lookups import TrigramStrictWordSimilar
from django.contrib.postgres.search import TrigramStrictWordSimilarity
from django.db import connections, models
from django.db.models import F, Q, QuerySet, Value

from .text import search_document, search_normalise

QUERY_MAX_LENGTH = 100
QUERY_MAX_WORDS = 10


class Searchable(models.Model):
    """Mixed into a model the search finds. Name the fields it is found by:

    ``search_name_fields`` (names: typo-tolerant and ranked) and ``search_text_fields`` (the rest,
    such as descriptions, which may hold HTML; a related object's field as "municipality__name").

    Code that writes rows without ``save()`` (``bulk_create``, ``update()`` of these fields) calls
    ``search_refresh()`` on each object first, or ``search_reindex()`` afterwards.
    """

    search_name_fields: ClassVar[tuple[str, ...]] = ()
    search_text_fields: ClassVar[tuple[str, ...]] = ()

    search_text = models.TextField(editable=False, blank=True, default="")
    search_name = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.search_refresh()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            sources = {*self.search_name_fields, *self.search_text_fields}
            if sources.intersection(update_fields):
                kwargs["update_fields"] = {*update_fields, "search_name", "search_text"}
        super().save(*args, **kwargs)

    def search_refresh(self) -> None:
        self.search_name, self.search_text = search_values(
            self, name_fields=self.search_name_fields, text_fields=self.search_text_fields
        )


def _value(obj, path: str) -> str:
    """A field's text, following relations written the ORM's way: "municipality__name"."""
    for name in path.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return ""
    return str(obj)


def search_values(obj, *, name_fields, text_fields) -> tuple[str, str]:
    """(search_name, search_text) of an object; also used by data migrations."""
    names = [_value(obj, field) for field in name_fields]
    texts = [_value(obj, field) for field in text_fields]
    return search_document(*names), search_document(*names, *texts)


def search_reindex(model, *, name_fields=None, text_fields=None, batch_size: int = 500) -> int:
    """Recompute the search columns of every row (after a bulk load, or when the normalisation
    changes). Returns the number of rows changed. Data migrations pass the fields, as their
    historical models do not carry the class attributes."""
    name_fields = model.search_name_fields if name_fields is None else name_fields
    text_fields = model.search_text_fields if text_fields is None else text_fields
    changed = []
    count = 0
    related = {path.rsplit("__", 1)[0] for path in (*name_fields, *text_fields) if "__" in path}
    rows = model._default_manager.select_related(*related).order_by("pk")
    for obj in rows.iterator(chunk_size=batch_size):
        name, text = search_values(obj, name_fields=name_fields, text_fields=text_fields)
        if (name, text) != (obj.search_name, obj.search_text):
            obj.search_name, obj.search_text = name, text
            changed.append(obj)
        if len(changed) >= batch_size:
            model._default_manager.bulk_update(changed, ["search_name", "search_text"])
            count += len(changed)
            changed = []
    if changed:
        model._default_manager.bulk_update(changed, ["search_name", "search_text"])
        count += len(changed)
    return count


def search_words(query: str) -> list[str]:
    """The normalised words of a query, each once, in the order typed."""
    words = search_normalise(query[:QUERY_MAX_LENGTH]).split()
    return list(dict.fromkeys(words))[:QUERY_MAX_WORDS]


def search_condition(query: str, *, using: str = "default") -> Q | None:
    """The filter for a query, or None when it has no words. Combine it with other conditions
    (a registration number, say) when the search is one of several ways to find a row."""
    words = search_words(query)
    if not words:
        return None
    if connections[using].vendor != "postgresql":
        return Q(*[Q(search_text__contains=word) for word in words])
    # A misspelt word is forgiven when it is close to a word of the names, never of the longer
    # texts: a loose match against descriptions finds thousands of rows that merely share a
    # syllable, and takes close to a second with 20,000 of them (benchmarks/directory.py).
    return Q(
        *[
            Q(search_text__contains=word)
            | Q(TrigramStrictWordSimilar(F("search_name"), Value(word)))
            for word in words
        ]
    )


def search_queryset(queryset: QuerySet, query: str, *, ranked: bool = True) -> QuerySet:
    """The rows of ``queryset`` that match ``query``: "ziri", "ŽIRI" and "žiri" find "Žiri",
    "ruse" finds "Русе", "Društvo Žiri" finds "Društvo žena in deklet Žiri".

    ``ranked``: on PostgreSQL the rows whose names match best come first, then the queryset's own
    order; lists with an order of their own (events by date) pass ``ranked=False``.
    """
    condition = search_condition(query, using=queryset.db)
    if condition is None:
        return queryset
    queryset = queryset.filter(condition)
    if not ranked or connections[queryset.db].vendor != "postgresql":
        return queryset
    needle = Value(" ".join(search_words(query)))
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    return queryset.annotate(
        search_rank=TrigramStrictWordSimilarity(needle, F("search_name"))
    ).order_by("-search_rank", *ordering)


class SearchAdminMixin:
    """For a searchable model's admin: the portal's forgiving search, besides the admin's own
    ``search_fields`` (which still find registration numbers and e-mail addresses)."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= search_queryset(queryset, search_term, ranked=False)
        return found, may_have_duplicates
