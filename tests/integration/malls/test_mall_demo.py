"""``skm demo`` adds the regency's service mall with a counter for each of the four agencies."""

from __future__ import annotations

from sqlalchemy import func, select

from skm.cli import main
from skm.extensions import db
from skm.platform.malls.models import Mall, MallCounter, MallManager
from skm.platform.malls.results import mall_results
from skm.platform.malls.services import find_mall
from skm.tenants.results.periods import Period


def test_demo_adds_the_mall_once_with_its_four_agencies_and_manager(app, app_ctx):
    runner = app.test_cli_runner()
    first = runner.invoke(main, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "mpp@kotimkab.go.id" in first.output
    mall = find_mall("mpp-kotim")
    assert mall.name == "Mal Pelayanan Publik Kotawaringin Timur"
    assert [c.tenant.slug for c in mall.counters] == ["dpmptsp", "disdukcapil", "pdam", "rsud"]
    results = mall_results(mall, Period.parse("2026"))
    assert all(unit.result.respondents > 0 for unit in results.units)
    assert results.combined.respondents == sum(unit.result.respondents for unit in results.units)
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Mall, MallCounter, MallManager)]
    assert runner.invoke(main, ["demo", "--no-serve"]).exit_code == 0
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (Mall, MallCounter, MallManager)] \
        == counts == [1, 4, 1]
    assert mall_results(find_mall("mpp-kotim"), Period.parse("2026")).combined.respondents \
        == results.combined.respondents
