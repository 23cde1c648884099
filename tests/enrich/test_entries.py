"""enrich_entries on plain Entry objects against the fake arXiv (no library)."""
from __future__ import annotations

import pytest

from refkit.enrich import ArxivClient, enrich_entries
from refkit.model import Entry, PartialDate, Person


@pytest.fixture
def client(fake_arxiv, tmp_path):
    return ArxivClient(fake_arxiv.url, delay=0.0, cache_dir=tmp_path)


def peng(title: str) -> Entry:
    return Entry(key="k", title=title, author=(Person("Peng", "Zhiliang"),), authors_truncated=True,
                 issued=PartialDate(2023, 6, 26), primary_category="cs.CL")


def test_a_retitled_listing_is_found_by_the_narrower_second_round(client, fake_arxiv):
    (outcome,) = enrich_entries([peng("Kosmos-2: Grounding Multimodal LLMs in the World")], client)
    assert outcome.status == "matched" and outcome.record.id == "2306.14824" and outcome.method == "title"
    first, second = (q["search_query"] for q in fake_arxiv.queries)
    assert first == 'ti:"kosmos 2 grounding multimodal llms in the world"'
    assert second == '(ti:"kosmos 2 grounding multimodal" AND au:peng)'


def test_a_number_spelled_differently_is_shown_not_matched(client):
    entry = Entry(key="ln", title="LongNet: Scaling Transformers to One Billion Tokens",
                  author=(Person("Ding", "Jiayu"),), authors_truncated=True, issued=PartialDate(2023, 7, 5))
    (outcome,) = enrich_entries([entry], client)
    assert outcome.status == "ambiguous" and outcome.entry is None
    assert outcome.reason == "the authors agree but the title differs (title 0.60)"
    assert outcome.candidates[0]["arxiv_id"] == "2307.02486"


def test_ids_dois_and_urls_go_by_id_in_one_batch(client, fake_arxiv):
    entries = [Entry(key="a", arxiv_id="1706.03762"), Entry(key="b", doi="10.48550/arXiv.2208.06366"),
               Entry(key="c", url="https://arxiv.org/abs/2212.09748v2"), Entry(key="d", arxiv_id="2301.99999"),
               Entry(key="e")]
    outcomes = enrich_entries(entries, client)
    assert [(o.key, o.status, o.method) for o in outcomes] == [
        ("a", "matched", "id"), ("b", "matched", "id"), ("c", "matched", "id"), ("d", "unmatched", "id"),
        ("e", "unmatched", None)]
    assert outcomes[3].reason == "arXiv has no paper 2301.99999"
    assert outcomes[4].reason == "no arXiv id and no title"
    assert outcomes[2].entry.arxiv_version == 2 and outcomes[2].entry.url == "https://arxiv.org/abs/2212.09748v2"
    assert len(fake_arxiv.log) == 1


def test_a_wrong_title_under_a_good_id_is_flagged(client):
    (outcome,) = enrich_entries([Entry(key="x", arxiv_id="1706.03762", title="Deep Residual Learning")], client)
    assert outcome.status == "matched"
    assert outcome.reason == "the arXiv title differs a lot from the entry's: 'Attention Is All You Need'"


def test_protected_fields_stay(client):
    entry = peng("Kosmos-2: Grounding Multimodal Large Language Models to the World")
    (outcome,) = enrich_entries([entry], client, protected=[{"author"}])
    assert outcome.entry.author == entry.author and "author" not in outcome.changed
    assert outcome.entry.arxiv_id == "2306.14824"


def test_enrichment_status_dict(client):
    (outcome,) = enrich_entries([Entry(key="a", arxiv_id="1706.03762")], client)
    assert outcome.enrichment() == {"status": "matched", "method": "id", "score": 1.0, "arxiv_id": "1706.03762",
                                    "arxiv_version": 7, "published": "2017-06-12T12:00:00Z",
                                    "updated": "2017-06-12T12:00:00Z"}


def _entry(data: dict, shape: str) -> Entry:
    from refkit.enrich.fill import parse_arxiv_name

    names = [a["name"] for a in data["authors"]]
    return Entry(key=data["id"], title=data["title"],
                 author=tuple(parse_arxiv_name(n) for n in names[:3]) if shape == "listed" else (),
                 authors_truncated=shape == "listed" and len(names) > 3,
                 issued=PartialDate.parse_iso(data["published"]) if shape != "title-only" else None)


@pytest.mark.parametrize("shape", ["listed", "title+date", "title-only"])
def test_every_fixture_paper_through_the_server_never_wrong(client, fake_arxiv, fixture_records, shape):
    """All 68 papers (seeds and traps) looked up by title together: a match is always the right paper."""
    outcomes = enrich_entries([_entry(d, shape) for d in fixture_records], client)
    wrong = [(o.key, o.record.id) for o in outcomes if o.status == "matched" and o.record.id != o.key]
    assert wrong == []
    unsure = sorted(o.key for o in outcomes if o.status != "matched")
    if shape == "listed":
        assert unsure == []
    else:  # without authors only title twins stay open (and "Evaluator"/"Evaluators", one letter apart)
        twins = {"2306.15222", "2403.99991", "2306.07174", "2101.99995", "2212.09611", "2404.99992",
                 "2309.13308", "2310.99993"}
        assert set(unsure) <= twins
        assert all(o.status == "ambiguous" for o in outcomes if o.key in unsure)
    assert client.requests_made <= 5
