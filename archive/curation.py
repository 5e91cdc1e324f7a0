"""A curator's decisions on names the archive noticed: a new entity, an alias of one, or no.

Decisions live in the database (load_gazetteer keeps them); they reach every article at the
next `manage.py reprocess`, and `manage.py dump_gazetteer` writes them out for the data files.
"""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from archive.models import Agency, Candidate, Platform
from archive.text import HAN_CHAR

MODELS = {"agency": Agency, "platform": Platform}


@transaction.atomic
def accept_as_new(candidate: Candidate) -> Agency | Platform:
    """A new agency or platform named as the candidate (a curator's own: loaded stays empty)."""
    model = MODELS[candidate.kind]
    entity = model(
        slug=_free_slug(model, candidate), name=candidate.name, kind="", note="Added by a curator."
    )
    setattr(entity, _list_for(candidate.name), [candidate.name])
    entity.save()
    _decide(candidate, Candidate.Status.ACCEPTED, entity)
    return entity


@transaction.atomic
def accept_as_alias(candidate: Candidate, entity: Agency | Platform) -> None:
    """The candidate is another name of `entity`: Chinese names, acronyms and aliases apart."""
    names = getattr(entity, _list_for(candidate.name))
    if candidate.name not in names and candidate.name != entity.name:
        names.append(candidate.name)
        entity.save()
    _decide(candidate, Candidate.Status.ACCEPTED, entity)


def reject(candidate: Candidate) -> None:
    _decide(candidate, Candidate.Status.REJECTED, None)


def _decide(candidate: Candidate, status: str, entity) -> None:
    candidate.status = status
    candidate.agency = entity if isinstance(entity, Agency) else None
    candidate.platform = entity if isinstance(entity, Platform) else None
    candidate.decided_at = timezone.now()
    candidate.save()
    if status == Candidate.Status.REJECTED:
        candidate.mentions.all().delete()  # shown nowhere now; reprocessing does not bring it back


def _list_for(name: str) -> str:
    if HAN_CHAR.search(name):
        return "names_zh"
    if name.isupper() and len(name) <= 8 and " " not in name:
        return "acronyms"
    return "aliases"


def _free_slug(model, candidate: Candidate) -> str:
    base = slugify(candidate.name)[:60] or f"{candidate.kind}-{candidate.pk}"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def dump(changes: dict[str, list[dict]]) -> str:
    """Curators' changes (archive/gazetteer.py curated_changes) as TOML for the data files: whole
    entries for the entities they created, [[added]] tables for names they gave others."""
    lines = ["# What curators changed in the admin, for archive/data (manage.py dump_gazetteer)."]
    for kind, entries in changes.items():
        for entry in entries:
            if "name" in entry:  # a curator's own entity
                lines += [
                    "",
                    f"[[{kind}]]",
                    f"slug = {_toml(entry['slug'])}",
                    f"name = {_toml(entry['name'])}",
                ]
                lines += [
                    f"{key} = {_toml(entry.get(key, []))}" for key in ("acronyms", "names_zh", "aliases")
                ]
                lines += ["former = []", 'parent = ""', 'kind = ""', f"note = {_toml('Added by a curator.')}"]
            else:
                lines += ["", "[[added]]", f"kind = {_toml(kind)}", f"slug = {_toml(entry['slug'])}"]
                lines += [
                    f"{key} = {_toml(entry[key])}" for key in ("acronyms", "names_zh", "aliases", "dropped")
                ]
    return "\n".join(lines) + "\n"


def _toml(value) -> str:
    """A TOML string or array of strings (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
