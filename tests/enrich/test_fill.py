"""What a match changes in an entry, and what it leaves alone."""
from __future__ import annotations

from refkit.enrich.atom import ArxivRecord
from refkit.enrich.fill import fill_entry, parse_arxiv_name
from refkit.model import Entry, PartialDate, Person

RECORD = ArxivRecord(
    id="2309.99994", version=2, title="Calibrating LLM-Based Evaluator with Human Feedback",
    summary="Synthetic fixture record.", authors=("Hal Fictional", "Ann B. Other"),
    published="2023-09-25T12:00:00Z", updated="2023-11-02T08:00:00Z", primary_category="cs.CL",
    categories=("cs.CL", "cs.AI"), dois=("10.9999/Synthetic.99994",), journal_ref="Synthetic Journal 1 (2024) 1-10",
    comment="Synthetic: 9 pages", abs_url="https://arxiv.org/abs/2309.99994v2",
    pdf_url="https://arxiv.org/pdf/2309.99994v2")


def test_listed_entry_is_completed():
    entry = Entry(title="Calibrating LLM-Based Evaluator", author=(Person("Fictional", "Hal"),),
                  authors_truncated=True, issued=PartialDate(2023, 11, 2), primary_category="cs.CL")
    new, changed = fill_entry(entry, RECORD)
    assert new.author == (Person("Fictional", "Hal"), Person("Other", "Ann B."))
    assert new.authors_truncated is False
    assert new.title == RECORD.title and new.listing_value("listed_title") == "Calibrating LLM-Based Evaluator"
    assert (new.arxiv_id, new.arxiv_version) == ("2309.99994", 2)
    assert new.issued == PartialDate(2023, 9, 25)  # the v1 date
    assert new.categories == ("cs.CL", "cs.AI")
    assert new.doi == "10.9999/synthetic.99994"
    assert new.url == "https://arxiv.org/abs/2309.99994"
    assert new.abstract == "Synthetic fixture record."
    assert new.extra_value("arxiv_updated") == "2023-11-02"
    assert new.extra_value("arxiv_journal_ref") == "Synthetic Journal 1 (2024) 1-10"
    assert new.extra_value("arxiv_comment") == "Synthetic: 9 pages"
    assert new.extra_value("arxiv_pdf") == "https://arxiv.org/pdf/2309.99994v2"
    assert set(changed) == {"author", "authors_truncated", "title", "listing", "arxiv_id", "arxiv_version",
                            "issued", "categories", "doi", "url", "abstract", "extra"}


def test_user_edited_and_existing_values_are_kept():
    entry = Entry(title="My own title", abstract="mine", doi="10.1/x", url="https://example.org",
                  author=(Person("Fictional", "Hal"),), authors_truncated=True, type="paper-conference",
                  container_title="Proc. X", issued=PartialDate(2024))
    new, changed = fill_entry(entry, RECORD, protected={"title", "author"})
    assert new.title == "My own title" and new.author == entry.author and new.authors_truncated
    assert (new.abstract, new.doi, new.url, new.issued) == ("mine", "10.1/x", "https://example.org", PartialDate(2024))
    assert "title" not in changed and "author" not in changed and "arxiv_id" in changed


def test_same_title_up_to_case_keeps_the_entrys_markup():
    entry = Entry(title='Calibrating <span class="nocase">LLM</span>-based evaluator with human feedback')
    new, changed = fill_entry(entry, RECORD)
    assert new.title == entry.title and "title" not in changed


def test_conflicting_authors_are_not_replaced():
    entry = Entry(title=RECORD.title, author=(Person("Somebody", "Else"),))
    new, _ = fill_entry(entry, RECORD)
    assert new.author == entry.author


def test_refilling_changes_nothing():
    once, _ = fill_entry(Entry(title="x"), RECORD)
    twice, changed = fill_entry(once, RECORD)
    assert twice == once and changed == []


def test_arxiv_names():
    assert parse_arxiv_name("Aidan N. Gomez") == Person("Gomez", "Aidan N.")
    assert parse_arxiv_name("Adrian Del Maestro") == Person("Maestro", "Adrian", "Del")
    assert parse_arxiv_name("John Smith Jr.") == Person("Smith", "John", suffix="Jr.")
    assert parse_arxiv_name("Plato") == Person("Plato")
