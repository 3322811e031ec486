"""The machine's measured accuracy (ledger/accuracy.py): the record users see is what `bench linking` measures on
the code as it is, and the dashboard, a report's page and the API show it beside the machine's rates."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ledger import accuracy
from ledger.benchmarks.linking import extraction_rows, measure


def test_the_record_is_what_bench_linking_measures_on_this_code():
    recorded = accuracy.measured()
    assert set(recorded) == {"blind", "tuned"}
    for group in accuracy.GROUPS:
        scored, absent = measure(blind=group == "blind")
        if absent:
            pytest.skip(f"the annotated reports of {', '.join(absent)} are absent (../shared/corpus)")
        total = accuracy.Score()
        for _, score in scored:
            total += score
        assert total.counts() == recorded[group].score.counts(), (
            f"ledger/accuracy.yaml is out of date for the {group} pairs: run `manage.py bench linking --record`"
        )
        assert [pair for pair, _ in scored] == list(recorded[group].pairs)
        assert extraction_rows(blind=group == "blind") == recorded[group].rows, (
            f"ledger/accuracy.yaml's extraction figures are out of date for the {group} group: run `manage.py bench linking --record`"
        )


def test_a_record_reads_back_as_written(tmp_path):
    path = tmp_path / "accuracy.yaml"
    assert accuracy.measured(path) == {}  # nothing measured yet
    pair = accuracy.Pair("gwr-2017-2018", "gov", 2017, 2018, 4)
    score = accuracy.Score(deliverables=4, found=4, right=3, decided=4, decided_right=3, said_not_reported=2, not_reported_right=1)
    accuracy.record({"blind": ([pair], score)}, path)
    measured = accuracy.measured(path)["blind"]
    assert measured.pairs == (pair,) and measured.score.counts() == score.counts()
    assert measured.score.status_accuracy == 0.75 and measured.score.not_reported_precision == 0.5
    assert measured.score.top3_share is None  # nothing reported: no share, not 0


def test_record_is_only_for_the_linking_benchmark():
    with pytest.raises(CommandError, match="linking"):
        call_command("bench", "extraction", "--record")


@pytest.mark.django_db
def test_the_dashboard_says_how_far_the_machines_rate_held_where_it_was_never_tuned(seed_ledger, admin_client):
    blind = accuracy.measured()["blind"].score
    content = admin_client.get(reverse("admin:ledger_dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    said = re.sub(r"\s+", "", re.search(r'id="ledger-headline-measured">(.*?)</small>', content, flags=re.S).group(1))
    accuracy_share = blind.right / blind.deliverables
    assert f"将机器对{blind.deliverables}项承诺给出的状态与人工逐项核对的结果比较" in said
    low, high = accuracy.wilson(blind.right, blind.deliverables)
    assert (f"大约每{round(1 / (1 - accuracy_share))}项错1项（一致的占{accuracy_share * 100:.1f}%，"
            f"95%区间为{low * 100:.1f}%–{high * 100:.1f}%）") in said
    assert f"有{blind.not_reported_right / blind.said_not_reported * 100:.1f}%确属未见报告" in said
    # What "wrong" counts besides wrong statuses: promises made no row of, and those left to a person.
    missing, asked = blind.deliverables - blind.found, blind.found - blind.decided
    assert (f"其中也计为错误的有：机器未形成条目的{missing}项、交由人工核验的{asked}项；"
            f"机器给出的状态中，正确的占{blind.decided_right / blind.decided * 100:.1f}%") in said
    assert "政府工作报告2017→2018、2018→2019" in said  # which reports, by kind and years
    assert "在编写规则所用的报告上" in said  # the tuned figures beside them
    assert "人大常委会工作报告尚未在编写规则时未用过的报告上做过这样的检验" in said  # the blind pairs are of governments only: said
    rows = accuracy.measured()["blind"].rows
    assert f"{rows.matching / rows.predicted * 100:.1f}%是人工在其中找到的承诺" in said  # the rows a rate counts
    # The rate itself, a person's against the machine's on the same promises: the machine's reads low.
    assert blind.said_reported < blind.reported
    people, machine = (f"{n / blind.decided * 100:.1f}%" for n in (blind.decided_reported, blind.said_reported))
    assert f"在从未用于编写规则的那几组报告中，对机器已判定的承诺，人工读出已落实或部分落实的占{people}，机器只判出{machine}：机器的落实率偏低" in said
    assert said.index("在编写规则所用的报告上") < said.index("在从未用于编写规则的那几组报告中")  # 这两个比例 are the two before


@pytest.mark.django_db
def test_the_api_gives_the_measured_accuracy_with_its_counts(admin_client):
    response = admin_client.get(reverse("accuracy", kwargs={"version": "v1"}))
    assert response.status_code == 200
    groups = {row["group"]: row for row in response.json()}
    recorded = accuracy.measured()
    assert set(groups) == {"blind", "tuned"}
    blind = groups["blind"]
    assert blind["counts"] == recorded["blind"].score.counts()
    assert blind["status_accuracy"] == round(blind["counts"]["right"] / blind["counts"]["deliverables"], 4)
    assert {(p["promise_year"], p["follow_up_year"]) for p in blind["pairs"]} == {(2017, 2018), (2018, 2019)}
    assert all(p["kind"] == "gov" for p in blind["pairs"])
    assert blind["said_reported_share"] == round(blind["counts"]["said_reported"] / blind["counts"]["decided"], 4)
    assert blind["said_reported_share"] < blind["reported_share"]
    # Each share with its 95 % interval: a hundred-odd deliverables leave it wide.
    low, high = blind["intervals"]["status_accuracy"]
    assert low < blind["status_accuracy"] < high and high - low > 0.1
    assert [round(bound, 3) for bound in accuracy.wilson(87, 117)] == [0.658, 0.814]  # worked by hand
    assert accuracy.wilson(0, 0) is None
    # The rows a rate counts: how many of those the ledger made of annotated parts are deliverables at all.
    rows = blind["rows"]
    assert rows["precision"] == round(rows["matching"] / rows["predicted"], 4) and rows["predicted"] > 100
    assert rows["intervals"]["precision"][0] < rows["precision"] < rows["intervals"]["precision"][1]
    # The browsable page of it too (a browser, or the index's link): it was a 500.
    assert admin_client.get(reverse("accuracy", kwargs={"version": "v1"}), {"format": "api"}).status_code == 200
