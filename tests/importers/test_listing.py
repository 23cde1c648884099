"""The paper-listing reader against a table written by hand from seeds/msr-reading-list.txt.

Each row: header line number, full arXiv category, listed date, "Code" flag, exact title,
authors as "Family, Given" (given and family split by hand), "et al." shown, affiliations,
URLs in the abstract. Read off the file line by line; not produced by the parser.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refkit.importers import listing
from refkit.model import Person

SEED = Path(__file__).resolve().parents[2] / "seeds" / "msr-reading-list.txt"
MR, TS, PKU, CMU = "microsoft-research", "microsoft-research, tsinghua", "microsoft-research, pku", \
    "cmu, microsoft-research"

TABLE = [
    (1, "cs.AI", "2023-07-11", True, "Unleashing the Emergent Cognitive Synergy in Large Language Models: A Task-Solving Agent through Multi-Persona Self-Collaboration",
     "Wang, Zhenhailong; Mao, Shaoguang; Wu, Wenshan", True, MR, "https://github.com/MikeWangWZHL/Solo-Performance-Prompting.git"),
    (4, "cs.CL", "2022-12-20", True, "Why Can GPT Learn In-Context? Language Models Implicitly Perform Gradient Descent as Meta-Optimizers",
     "Dai, Damai; Sun, Yutao; Dong, Li", True, TS, "https://aka.ms/icl"),
    (7, "cs.CL", "2023-06-12", True, "Augmenting Language Models with Long-Term Memory",
     "Wang, Weizhi; Dong, Li; Cheng, Hao", True, MR, "https://aka.ms/LongMem"),
    (10, "cs.CL", "2023-07-13", True, "In-context Autoencoder for Context Compression in a Large Language Model",
     "Ge, Tao; Hu, Jing; Wang, Lei", True, MR, "https://github.com/getao/icae"),
    (13, "cs.CL", "2023-03-15", True, "UPRISE: Universal Prompt Retrieval for Improving Zero-Shot Evaluation",
     "Cheng, Daixuan; Huang, Shaohan; Bi, Junyu", True, PKU, "https://github.com/microsoft/LMOps"),
    (16, "cs.CL", "2023-06-14", True, "MiniLLM: On-Policy Distillation of Large Language Models",
     "Gu, Yuxian; Dong, Li; Wei, Furu", True, TS, "https://github.com/microsoft/LMOps/tree/main/minillm"),
    (19, "cs.CL", "2023-06-27", True, "Learning to Rank in Generative Retrieval",
     "Li, Yongqi; Yang, Nan; Wang, Liang", True, MR, "https://github.com/liyongqi67/LTRGR"),
    (22, "cs.CL", "2023-07-14", True, "Learning to Retrieve In-Context Examples for Large Language Models",
     "Wang, Liang; Yang, Nan; Wei, Furu", False, MR, "https://github.com/microsoft/LMOps/tree/main/llm_retriever"),
    (25, "cs.CL", "2022-12-21", True, "Language Models as Inductive Reasoners",
     "Yang, Zonglin; Dong, Li; Du, Xinya", True, MR, "https://github.com/ZonglinY/Inductive_Reasoning"),
    (28, "cs.CL", "2023-09-18", True, "Adapting Large Language Models to Domains via Reading Comprehension",
     "Cheng, Daixuan; Huang, Shaohan; Wei, Furu", False, MR, "https://github.com/microsoft/LMOps"),
    (31, "cs.CV", "2023-02-28", True, "Generic-to-Specific Distillation of Masked Autoencoders",
     "Huang, Wei; Peng, Zhiliang; Dong, Li", True, MR, "https://github.com/pengzhiliang/G2SD"),
    (34, "cs.CL", "2022-05-20", True, "Visually-Augmented Language Modeling",
     "Wang, Weizhi; Dong, Li; Cheng, Hao", True, MR, "https://github.com/Victorwz/VaLM"),
    (37, "cs.LG", "2022-11-23", True, "TorchScale: Transformers at Scale",
     "Ma, Shuming; Wang, Hongyu; Huang, Shaohan", True, MR, "https://aka.ms/torchscale"),
    (40, "cs.CL", "2023-06-26", False, "Kosmos-2: Grounding Multimodal Large Language Models to the World",
     "Peng, Zhiliang; Wang, Wenhui; Dong, Li", True, MR, "https://aka.ms/kosmos-2"),
    (43, "cs.CL", "2023-01-05", False, "Neural Codec Language Models are Zero-Shot Text to Speech Synthesizers",
     "Wang, Chengyi; Chen, Sanyuan; Wu, Yu", True, MR, "https://aka.ms/valle"),
    (46, "cs.CL", "2022-12-07", False, "Text Embeddings by Weakly-Supervised Contrastive Pre-training",
     "Wang, Liang; Yang, Nan; Huang, Xiaolong", True, MR, ""),
    (49, "cs.CL", "2023-04-06", True, "On the Pareto Front of Multilingual Neural Machine Translation",
     "Chen, Liang; Ma, Shuming; Zhang, Dongdong", True, PKU, "https://github.com/pkunlp-icler/ParetoMNMT"),
    (52, "cs.IR", "2022-08-08", True, "Learning Diverse Document Representations with Deep Query Interactions for Dense Retrieval",
     "Li, Zehan; Yang, Nan; Wang, Liang", True, MR, "https://github.com/jordane95/dual-cross-encoder"),
    (55, "cs.CV", "2022-08-22", False, "Image as a Foreign Language: BEiT Pretraining for All Vision and Vision-Language Tasks",
     "Wang, Wenhui; Bao, Hangbo; Dong, Li", True, CMU, ""),
    (58, "cs.CL", "2023-02-27", False, "Language Is Not All You Need: Aligning Perception with Language Models",
     "Huang, Shaohan; Dong, Li; Wang, Wenhui", True, CMU, ""),
    (61, "cs.CL", "2022-04-18", False, "LayoutLMv3: Pre-training for Document AI with Unified Text and Image Masking",
     "Huang, Yupan; Lv, Tengchao; Cui, Lei", True, MR, "https://aka.ms/layoutlmv3"),
    (64, "cs.CL", "2023-07-17", False, "Retentive Network: A Successor to Transformer for Large Language Models",
     "Sun, Yutao; Dong, Li; Huang, Shaohan", True, TS, "https://aka.ms/retnet"),
    (67, "eess.AS", "2022-12-18", False, "BEATs: Audio Pre-Training with Acoustic Tokenizers",
     "Chen, Sanyuan; Wu, Yu; Wang, Chengyi", True, MR, "https://aka.ms/beats"),
    (70, "cs.CV", "2022-08-12", False, "BEiT v2: Masked Image Modeling with Vector-Quantized Visual Tokenizers",
     "Peng, Zhiliang; Dong, Li; Bao, Hangbo", True, MR, "https://aka.ms/beitv2"),
    (73, "cs.CL", "2023-03-07", False, "Speak Foreign Languages with Your Own Voice: Cross-Lingual Neural Codec Language Modeling",
     "Zhang, Ziqiang; Zhou, Long; Wang, Chengyi", True, MR, "https://aka.ms/vallex"),
    (76, "cs.CL", "2022-12-19", False, "Optimizing Prompts for Text-to-Image Generation",
     "Hao, Yaru; Chi, Zewen; Dong, Li", True, MR, "https://aka.ms/promptist https://aka.ms/promptist-demo"),
    (79, "cs.CL", "2023-07-05", False, "LongNet: Scaling Transformers to 1,000,000,000 Tokens",
     "Ding, Jiayu; Ma, Shuming; Dong, Li", True, MR, ""),
    (82, "cs.CL", "2022-03-01", False, "DeepNet: Scaling Transformers to 1,000 Layers",
     "Wang, Hongyu; Ma, Shuming; Dong, Li", True, MR, ""),
    (85, "cs.CV", "2022-03-04", False, "DiT: Self-supervised Pre-training for Document Image Transformer",
     "Li, Junlong; Xu, Yiheng; Lv, Tengchao", True, MR, "https://aka.ms/msdit"),
    (88, "cs.IR", "2023-03-14", False, "Query2doc: Query Expansion with Large Language Models",
     "Wang, Liang; Yang, Nan; Wei, Furu", False, MR, ""),
    (91, "cs.CL", "2022-12-20", False, "A Length-Extrapolatable Transformer",
     "Sun, Yutao; Dong, Li; Patra, Barun", True, TS, "https://aka.ms/LeX-Transformer"),
    (94, "cs.CV", "2022-03-14", False, "CLIP Models are Few-shot Learners: Empirical Studies on VQA and Visual Entailment",
     "Song, Haoyu; Dong, Li; Zhang, Wei-Nan", True, MR, ""),
    (97, "cs.CL", "2022-04-20", False, "On the Representation Collapse of Sparse Mixture of Experts",
     "Chi, Zewen; Dong, Li; Huang, Shaohan", True, CMU, ""),
    (100, "cs.CR", "2022-06-01", False, "THE-X: Privacy-Preserving Transformer Inference with Homomorphic Encryption",
     "Chen, Tianyu; Bao, Hangbo; Huang, Shaohan", True, MR, ""),
    (103, "cs.CL", "2022-06-13", False, "Language Models are General-Purpose Interfaces",
     "Hao, Yaru; Song, Haoyu; Dong, Li", True, MR, ""),
    (106, "cs.CL", "2023-09-19", False, "PoSE: Efficient Context Window Extension of LLMs via Positional Skip-wise Training",
     "Zhu, Dawei; Yang, Nan; Wang, Liang", True, PKU, ""),
    (109, "cs.CL", "2022-12-13", False, "Structured Prompting: Scaling In-Context Learning to 1,000 Examples",
     "Hao, Yaru; Sun, Yutao; Dong, Li", True, TS, "https://aka.ms/structured-prompting"),
    (112, "cs.LG", "2022-04-18", False, "StableMoE: Stable Routing Strategy for Mixture of Experts",
     "Dai, Damai; Dong, Li; Ma, Shuming", True, MR, ""),
    (115, "cs.CL", "2023-09-20", False, "KOSMOS-2.5: A Multimodal Literate Model",
     "Lv, Tengchao; Huang, Yupan; Chen, Jingye", True, MR, "https://aka.ms/kosmos25"),
    (118, "cs.CL", "2023-04-10", False, "Inference with Reference: Lossless Acceleration of Large Language Models",
     "Yang, Nan; Ge, Tao; Wang, Liang", True, MR, ""),
    (121, "cs.SD", "2023-08-24", False, "WavMark: Watermarking for Audio Generation",
     "Chen, Guangyu; Wu, Yu; Liu, Shujie", True, MR, "https://aka.ms/wavmark"),
    (124, "cs.CL", "2022-09-30", False, "SpeechLM: Enhanced Speech Pre-Training with Unpaired Textual Data",
     "Zhang, Ziqiang; Chen, Sanyuan; Zhou, Long", True, MR, "https://aka.ms/SpeechLM"),
    (127, "cs.CL", "2023-10-17", False, "BitNet: Scaling 1-bit Transformers for Large Language Models",
     "Wang, Hongyu; Ma, Shuming; Dong, Li", True, MR, ""),
    (130, "cs.CL", "2022-05-20", False, "Prototypical Calibration for Few-shot Learning of Language Models",
     "Han, Zhixiong; Hao, Yaru; Dong, Li", True, TS, ""),
    (133, "cs.CL", "2022-10-07", False, "SpeechUT: Bridging Speech and Text with Hidden-Unit for Encoder-Decoder Based Speech-Text Pre-training",
     "Zhang, Ziqiang; Zhou, Long; Ao, Junyi", True, MR, "https://aka.ms/SpeechUT"),
    (136, "cs.LG", "2022-06-01", False, "Task-Specific Expert Pruning for Sparse Mixture-of-Experts",
     "Chen, Tianyu; Huang, Shaohan; Xie, Yuan", True, MR, ""),
    (139, "eess.AS", "2022-11-21", False, "VATLM: Visual-Audio-Text Pre-Training with Unified Masked Prediction for Speech Representation Learning",
     "Zhu, Qiushi; Zhou, Long; Zhang, Ziqiang", True, MR, "https://aka.ms/vatlm"),
    (142, "cs.CL", "2022-04-27", False, "Why does Self-Supervised Learning for Speech Recognition Benefit Speaker Recognition?",
     "Chen, Sanyuan; Wu, Yu; Wang, Chengyi", True, MR, ""),
    (145, "cs.CL", "2023-09-23", False, "Calibrating LLM-Based Evaluator",
     "Liu, Yuxuan; Yang, Tianchi; Huang, Shaohan", True, MR, ""),
    (148, "cs.CV", "2022-06-02", False, "VL-BEiT: Generative Vision-Language Pretraining",
     "Bao, Hangbo; Wang, Wenhui; Dong, Li", True, MR, ""),
]


@pytest.fixture(scope="module")
def seed_result():
    return listing.parse_listing(SEED.read_text(encoding="utf-8"), "seeds/msr-reading-list.txt")


def test_table_is_the_whole_list(seed_result):
    assert len(TABLE) == 50
    assert len(seed_result.entries) == 50
    assert seed_result.diagnostics == []


@pytest.mark.parametrize("row", TABLE, ids=[f"line{row[0]}" for row in TABLE])
def test_every_seed_entry(seed_result, row):
    line, category, date, has_code, title, authors, truncated, affiliations, urls = row
    entry = next(e for e in seed_result.entries if e.source.line == line)
    assert entry.title == title
    expected = tuple(Person(family=f, given=g) for f, g in (a.split(", ") for a in authors.split("; ")))
    assert entry.author == expected
    assert entry.authors_truncated is truncated
    assert entry.issued.iso() == date
    assert (entry.primary_category, entry.categories) == (category, (category,))
    assert entry.listing_value("code") == ("yes" if has_code else "no")
    assert entry.listing_value("listed_date") == date
    assert entry.listing_value("category_code") == category.split(".")[1]
    assert entry.listing_value("affiliations") == affiliations
    assert entry.listing_value("code_urls") == urls
    assert entry.type == "article"
    assert entry.source.file == "seeds/msr-reading-list.txt" and entry.source.reader == "listing"
    assert entry.abstract and "\\url" not in entry.abstract and "\\textbf" not in entry.abstract


def test_abstract_latex_decoded_math_kept(seed_result):
    by_line = {e.source.line: e for e in seed_result.entries}
    assert "achieves $4\\times$ context compression" in by_line[10].abstract
    assert by_line[4].abstract.endswith("The code is available at https://aka.ms/icl.")
    # the \url{ that is never closed still yields its URL, and nothing is lost after it
    assert by_line[52].abstract.endswith("The code is available at https://github.com/jordane95/dual-cross-encoder")
    assert "<b>D</b>ocument <b>I</b>mage <b>T</b>ransformer" in by_line[85].abstract
    assert "$\\rightarrow$" in by_line[85].abstract
    assert "0.48% across ten common attacks" in by_line[121].abstract


def test_identical_author_heads_stay_two_entries(seed_result):
    # lines 67 and 142 both list "Sanyuan Chen, Yu Wu, Chengyi Wang et al."
    a, b = (e for e in seed_result.entries if e.source.line in (67, 142))
    assert a.author == b.author and a.title != b.title


@pytest.mark.parametrize("header, expected", [
    ("CLJul 11, 2023Code", ("CL", "2023-07-11", True)),
    ("ASDec 18, 2022", ("AS", "2022-12-18", False)),
    ("SDAug 24, 2023", ("SD", "2023-08-24", False)),
    ("CL Jul 1, 2023 Code", ("CL", "2023-07-01", True)),
    ("cs.CLSep 5, 2021", ("cs.CL", "2021-09-05", False)),
], ids=["glued", "eess", "cs-sound", "spaced", "full-category"])
def test_parse_header(header, expected):
    parsed = listing.parse_header(header)
    assert (parsed.code, parsed.date.iso(), parsed.has_code) == expected


@pytest.mark.parametrize("line", ["Jul 11, 2023", "CLJul 11 2023", "Code", "", "CL" + "x" * 100],
                         ids=["no-code", "no-comma", "flag-only", "empty", "long"])
def test_not_a_header(line):
    assert listing.parse_header(line) is None


def test_impossible_date_is_a_header_without_date():
    assert listing.parse_header("CLFeb 30, 2023") == listing.Header("CL", None, False)


@pytest.mark.parametrize("byline, title, people, truncated", [
    ("Deep NetsAnn Lee · mit", "Deep Nets", [("Lee", "Ann")], False),
    ("Read, Write, and Think: A StudyJohn Smith, Ann Lee · x", "Read, Write, and Think: A Study",
     [("Smith", "John"), ("Lee", "Ann")], False),
    ("Speech-TextWei-Nan Zhang et al. · x", "Speech-Text", [("Zhang", "Wei-Nan")], True),
    ("Models in NLPLudwig van Beethoven, J. Bach · x", "Models in NLP",
     [("Beethoven", "Ludwig"), ("Bach", "J.")], False),
    ("GPT in PyTorchTom B. Brown, Ann Lee et al.", "GPT in PyTorch", [("Brown", "Tom B."), ("Lee", "Ann")], True),
    ("Is It 42?Ada Lovelace", "Is It 42?", [("Lovelace", "Ada")], False),
    ("Ünïcode TitlesŁukasz Kaiser, Ève Dupont et al. · x", "Ünïcode Titles",
     [("Kaiser", "Łukasz"), ("Dupont", "Ève")], True),
], ids=["one-author", "commas-in-title", "hyphenated-given", "particle-initial", "middle-initial", "question-digit",
        "unicode"])
def test_parse_byline(byline, title, people, truncated):
    parsed = listing.parse_byline(byline)
    assert parsed.title == title
    assert [(p.family, p.given) for p in parsed.author] == people
    assert parsed.truncated is truncated


def test_particle_kept_apart():
    parsed = listing.parse_byline("Models in NLPLudwig van Beethoven · x")
    assert parsed.author[0] == Person(family="Beethoven", given="Ludwig", particle="van")


@pytest.mark.parametrize("byline", ["A Title With Spaces John Smith", "A Title about NLP John Smith · x",
                                    "lowercase only", "Title2023 · x", "Model in PyTorch Ann Lee · x",
                                    "Deep NetsJohn Paul Smith · x"],
                         ids=["spaced", "acronym", "lower", "digits", "camel-case-not-glued", "middle-word"])
def test_byline_unsplittable(byline):
    assert isinstance(listing.parse_byline(byline), str)


def test_byline_without_glue_is_reported_not_guessed():
    text = "CLJul 11, 2023\nA Title With Spaces John Smith, Ann Lee · mit\nAbstract.\n"
    result = listing.parse_listing(text, "x.txt")
    assert result.entries == []
    assert [str(d) for d in result.diagnostics] == [
        ("x.txt:2: cannot tell where the title ends and the first author begins "
         "(expected 'TitleGiven Family'); entry skipped")]


def test_unknown_and_ambiguous_category_codes_warn():
    text = "ZZJul 11, 2023\nA TitleAnn Lee\nabs\nAPJul 12, 2023\nB TitleBo Li\nabs\n"
    result = listing.parse_listing(text, "x.txt")
    assert [e.primary_category for e in result.entries] == ["", ""]
    assert [e.listing_value("category_code") for e in result.entries] == ["ZZ", "AP"]
    assert [str(d) for d in result.diagnostics] == [
        "x.txt:1: category code 'ZZ' is not a known arXiv subject; category left empty",
        "x.txt:4: category code 'AP' is ambiguous (stat.AP or math.AP); category left empty"]


def test_stray_lines_and_missing_parts_reported():
    text = "My saved papers\nCLJul 11, 2023\n\nCVJul 12, 2023Code\nVision ThingsAnn Lee · mit\n"
    result = listing.parse_listing(text, "x.txt")
    assert [e.title for e in result.entries] == ["Vision Things"]
    assert result.entries[0].abstract == "" and result.entries[0].listing_value("code") == "yes"
    assert [str(d) for d in result.diagnostics] == [
        "x.txt:1: not part of a listing entry: 'My saved papers'",
        "x.txt:2: listing header without a title line; entry skipped"]


@pytest.mark.parametrize("text, urls", [
    ("see https://aka.ms/x.", ("https://aka.ms/x",)),
    ("(code: https://github.com/a/b), and", ("https://github.com/a/b",)),
    ("https://en.wikipedia.org/wiki/Foo_(bar).", ("https://en.wikipedia.org/wiki/Foo_(bar)",)),
    ("\\url{https://a.org/x}; www.b.org/y!", ("https://a.org/x", "https://www.b.org/y")),
    ("https://github.com/x/y.git.", ("https://github.com/x/y.git",)),
    ("twice https://a.org/x and https://a.org/x", ("https://a.org/x",)),
], ids=["period", "paren-comma", "balanced-paren", "url-cmd-www", "dot-git", "dedup"])
def test_find_urls(text, urls):
    assert listing.find_urls(text) == urls


def test_decode_abstract_leaves_math_alone():
    assert listing.decode_abstract("\\textbf{A} $\\textbf{x}_1$ 5\\% \\emph{b}") == "<b>A</b> $\\textbf{x}_1$ 5% <i>b</i>"


def test_detect_scores():
    assert listing.detect(SEED.read_text(encoding="utf-8")) > 0.9
    assert listing.detect("Attention Is All You Need\nBERT\n") == 0.0
    assert listing.detect("") == 0.0


def test_pybtex_reads_the_listing_through_its_entry_point():
    import pybtex.database
    from pybtex.plugin import find_plugin

    assert find_plugin("pybtex.database.input", "listing").__name__ == "ListingParser"
    data = pybtex.database.parse_file(str(SEED), bib_format="listing")
    assert len(data.entries) == 50
    entry = data.entries["song2022clip"]
    assert [str(p) for p in entry.persons["author"]] == ["Song, Haoyu", "Dong, Li", "Zhang, Wei-Nan", "others"]
    assert entry.fields["year"] == "2022"


# ---- property: any title glued to clean names splits back exactly --------------------------------

_WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éŁ:?!,.()-'"),
                min_size=1, max_size=12)
_NAME = st.builds(lambda first, rest: first + rest, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZŁÉ"),
                  st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=8))
_GIVEN = st.one_of(_NAME, st.builds(lambda a, b: f"{a}-{b}", _NAME, _NAME))


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORD, min_size=1, max_size=12),
       people=st.lists(st.tuples(_GIVEN, _NAME), min_size=1, max_size=3),
       etal=st.booleans(), affiliations=st.lists(st.sampled_from(["mit", "pku", "microsoft-research"]), max_size=2))
def test_byline_round_trip(words, people, etal, affiliations):
    title = " ".join(words)
    if title[-1] in "-'" or "·" in title:
        return  # a title ending in a hyphen glues ambiguously; the page never prints one
    names = ", ".join(f"{g} {f}" for g, f in people)
    line = title + names + (" et al." if etal else "") + (f" · {', '.join(affiliations)}" if affiliations else "")
    parsed = listing.parse_byline(line)
    assert not isinstance(parsed, str), line
    assert parsed.title == title
    assert [(p.given, p.family) for p in parsed.author] == people
    assert parsed.truncated is etal


def test_web_copy_artifacts():
    text = ("\ufeffCL\u200bJul 11, 2023Code\r\n\r\nDeep\u00adNets\u200bAnn Lee\u00a0·\u00a0mit\r\n"
            "First line of the abstract,\r\nwrapped here. Done.\r\nLoad more\r\n")
    result = listing.parse_listing(text, "web.txt")
    (entry,) = result.entries
    assert (entry.title, entry.author, entry.listing_value("affiliations")) == \
        ("DeepNets", (Person(family="Lee", given="Ann"),), "mit")
    assert entry.abstract == "First line of the abstract, wrapped here. Done."
    assert [str(d) for d in result.diagnostics] == ["web.txt:6: not part of a listing entry: 'Load more'"]
