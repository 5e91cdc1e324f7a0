"""Stories: the articles that carry one text (reprints, syndication, simplified and traditional
copies, with or without their furniture), grouped by MinHash over their shingles.

Each article keeps its MinHash signature (datasketch, 128 permutations) and its story's key.
Candidates are found by locality-sensitive hashing with the bands and rows datasketch's
MinHashLSH chooses for the threshold; the band tables are sorted numpy arrays, built once a run
from the stored signatures (datasketch's own in-memory LSH took 160 MB per 20,000 articles).
A candidate joins the story when the signatures agree on at least THRESHOLD of their values.
"""

from functools import cache

import numpy as np

from archive.extract.shingles import shingles
from archive.models import Article

NUM_PERM = 128
SEED = 1
THRESHOLD = 0.5  # estimated Jaccard similarity of shingles; tuned on the dev set's story groups
CHUNK = 2000
# datasketch is imported where a signature or the bands are made, not here: with scipy it adds
# 46 MB to every process that imports this module, the web workers included, which only read
# the stories made
MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
               dtype=np.uint64)  # fmt: skip


# Of a text's start: a story is told well before it (news runs to 20,000 characters), and
# datasketch holds NUM_PERM 64-bit values per shingle of a batch (a 5 MB page's 1.5 million
# shingles took 6 s and 1.8 GB)
SIGNATURE_CHARS = 200_000
BATCH = 20_000  # shingles hashed at once: the signature is the same, memory bounded


def signature(body: str) -> bytes:
    """The MinHash signature of a text (its first SIGNATURE_CHARS): NUM_PERM 32-bit values."""
    from datasketch import MinHash

    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=permutations, scheme=scheme)
    found = [shingle.encode() for shingle in shingles(body[:SIGNATURE_CHARS])]
    for start in range(0, len(found), BATCH):
        minhash.update_batch(found[start : start + BATCH])
    return minhash.hashvalues.astype("<u4").tobytes()


@cache
def _permutations():
    """The seed's permutations, drawn once: datasketch draws them for every MinHash made."""
    from datasketch import MinHash

    drawn = MinHash(num_perm=NUM_PERM, seed=SEED)
    return drawn.permutations, drawn.scheme


def similarity(first: bytes, second: bytes) -> float:
    """The share of signature values two texts agree on: their estimated Jaccard similarity."""
    if not first or not second:
        return 0.0
    return float(np.mean(np.frombuffer(first, "<u4") == np.frombuffer(second, "<u4")))


@cache
def bands_and_rows() -> tuple[int, int]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(n, bands) 64-bit keys: each band's rows mixed into one number."""
    bands, rows = bands_and_rows()
    values = signatures[:, : bands * rows].astype(np.uint64).reshape(len(signatures), bands, rows)
    keys = (values * MIX[:rows]).sum(axis=2, dtype=np.uint64)  # wraps around: a hash
    return keys ^ (keys >> np.uint64(29))


class StoryIndex:
    """Every stored article's signature and story, and its band keys sorted for lookup."""

    def __init__(self, pks: list[int], signatures: list[bytes], stories: list[str]):
        self.pks, self.stories = list(pks), list(stories)
        matrix = np.frombuffer(b"".join(signatures), "<u4").reshape(len(signatures), NUM_PERM)
        self.signatures = [bytes(s) for s in signatures]
        keys = band_keys(matrix) if len(signatures) else np.zeros((0, bands_and_rows()[0]), np.uint64)
        self.order = np.argsort(keys, axis=0, kind="stable")
        self.sorted = np.take_along_axis(keys, self.order, axis=0)
        self.added: dict[tuple[int, int], list[int]] = {}  # (band, key) → rows added this run
        self.row_of = {pk: row for row, pk in enumerate(self.pks)}

    @classmethod
    def load(cls) -> "StoryIndex":
        rows = Article.objects.exclude(minhash=b"").order_by("pk").values_list("pk", "minhash", "story_key")
        pks, signatures, stories = [], [], []
        for pk, minhash, story in rows.iterator(chunk_size=CHUNK):
            if len(minhash) == NUM_PERM * 4:
                pks.append(pk)
                signatures.append(bytes(minhash))
                stories.append(story)
        return cls(pks, signatures, stories)

    def similar(self, minhash: bytes, *, besides: int | None = None) -> list[tuple[float, int, str]]:
        """(similarity, article id, story) of every stored article at THRESHOLD or above."""
        keys = band_keys(np.frombuffer(minhash, "<u4").reshape(1, NUM_PERM))[0]
        rows: set[int] = set()
        for band, key in enumerate(keys):
            column = self.sorted[:, band]
            start, end = np.searchsorted(column, key, "left"), np.searchsorted(column, key, "right")
            rows.update(self.order[start:end, band].tolist())
            rows.update(self.added.get((band, int(key)), ()))
        found = []
        for row in rows:
            if self.pks[row] == besides:
                continue
            score = similarity(minhash, self.signatures[row])
            if score >= THRESHOLD:
                found.append((score, self.pks[row], self.stories[row]))
        return sorted(found, reverse=True)

    def put(self, pk: int, minhash: bytes, story: str) -> None:
        """Add an article, or give an indexed one its new signature or story."""
        if pk in self.row_of:
            row = self.row_of[pk]
            self.stories[row] = story
            if self.signatures[row] == minhash:
                return
            self.signatures[row] = minhash  # its old band keys stay: a candidate is re-scored anyway
        else:
            row = self.row_of[pk] = len(self.pks)
            self.pks.append(pk)
            self.signatures.append(minhash)
            self.stories.append(story)
        for band, key in enumerate(band_keys(np.frombuffer(minhash, "<u4").reshape(1, NUM_PERM))[0]):
            self.added.setdefault((band, int(key)), []).append(row)

    def rename(self, old: str, new: str) -> None:
        self.stories = [new if story == old else story for story in self.stories]


_index: dict[str, StoryIndex] = {}


def story_index() -> StoryIndex:
    """The index of this run (built from the database on first use)."""
    if "current" not in _index:
        _index["current"] = StoryIndex.load()
    return _index["current"]


def forget_story_index() -> None:
    _index.clear()


def place(article: Article, minhash: bytes) -> str:
    """Put a stored article in its story (a new one of its own if no text is like it), merging
    stories it joins; returns the story key. Articles whose story changed get a new version."""
    index = story_index()
    similar = index.similar(minhash, besides=article.pk)
    stories = sorted({story for _, _, story in similar}, key=_story_order)
    key = stories[0] if stories else own_story(article)
    for other in stories[1:]:  # this text bridges stories: they are one
        Article.objects.filter(story_key=other).update(story_key=key)
        Article.objects.filter(story_key=key).touch()
        index.rename(other, key)
    Article.objects.filter(pk=article.pk).update(story_key=key, minhash=minhash)
    article.story_key, article.minhash = key, minhash
    index.put(article.pk, minhash, key)
    return key


def own_story(article: Article) -> str:
    """The key of the story an article begins, when no other text is like it."""
    return f"s{article.pk}"


def _story_order(key: str) -> tuple[int, str]:
    """The oldest story first: keys are 's' and the id of the article that began it."""
    return (int(key[1:]), key) if key[1:].isdigit() else (2**62, key)


def place_unplaced() -> int:
    """Give every article stored without a signature (before stories existed) its story."""
    count = 0
    for pk, body in Article.objects.filter(minhash=b"").values_list("pk", "body").iterator(chunk_size=CHUNK):
        place(Article(pk=pk), signature(body))
        count += 1
    return count


def group(pks: list[int], signatures: list[bytes]) -> dict[int, int]:
    """id → the smallest id of its story: texts alike at THRESHOLD or above are one story, and
    so are texts linked through others."""
    index = StoryIndex(pks, signatures, [""] * len(pks))
    parent = {pk: pk for pk in pks}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for pk, minhash in zip(pks, signatures, strict=True):
        for _, other, _ in index.similar(minhash, besides=pk):
            first, second = sorted((root(pk), root(other)))
            parent[second] = first
    return {pk: root(pk) for pk in pks}


def regroup() -> int:
    """Group every article afresh from its stored text (after reprocessing); returns how many
    articles changed story."""
    rows = list(Article.objects.order_by("pk").values_list("pk", "body", "story_key"))
    pks = [pk for pk, _, _ in rows]
    signatures = [signature(body) for _, body, _ in rows]
    roots = group(pks, signatures)
    changed = 0
    for (pk, _, old), minhash in zip(rows, signatures, strict=True):
        key = f"s{roots[pk]}"
        if key != old:
            changed += 1
            Article.objects.filter(pk=pk).update(story_key=key, minhash=minhash)
            Article.objects.filter(pk=pk).touch()
        else:
            Article.objects.filter(pk=pk).update(minhash=minhash)
    forget_story_index()
    return changed
