using CreditSharing.Core.Trace;
using CreditSharing.Functions.Pages;
using CreditSharing.Functions.Trace;

namespace CreditSharing.Integration.Tests.Pages;

/// <summary>The scan page rendered from a scan: warnings, category, steps and cold-chain breaks in Chinese, no English code.</summary>
public sealed class ScanPageTests
{
    private const string Producer = "91411702MA6ULN0X2U";
    private const string Carrier = "91411721MA6ULN0X2K";
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 21, 0, 0, TimeSpan.Zero);

    private static ScanDetail Scan(bool recalled = false)
    {
        var product = new TraceProduct("ZMD-LABELS-0001", "pork", "冷鲜猪肉", "B2026-11", null, "驻马店", Producer, "chilled", [], T0, "test");
        // The producer has no event on the chain: its warnings reach the page through the scan's warned actors alone.
        var producer = new ActorView(Producer, "驿城区惠民生鲜超市", "D", [ActorWarnings.BlackList, ActorWarnings.GradeD]);
        var carrier = new ActorView(Carrier, "西平县冷链物流有限公司", "B", []);
        var transport = new ScanEvent(1, "transport", T0.AddHours(0), "驻马店市驿城区", carrier, 6.5m, []);
        var store = new ScanEvent(2, "store", T0.AddHours(4), "冷库", carrier, null, []);
        var events = recalled ? [transport, store, new ScanEvent(3, "recall", T0.AddHours(5), "抽检不合格，召回", producer, null, [])] : new[] { transport, store };
        var breaks = new[] { new ColdChainBreak("transport", transport.OccurredAt, transport.Location, 6.5m), new ColdChainBreak("store", store.OccurredAt, store.Location, null) };
        var result = new ScanResult(
            product.Code,
            TraceProductView.Of(product),
            events,
            new ColdChainStatus(true, new TemperatureRange(0, 4), false, breaks),
            new IntegrityStatus(true, events.Length, null),
            recalled,
            ["驿城区惠民生鲜超市: black-list, grade-d"],
            "v1");
        return new ScanDetail(result, [producer], breaks);
    }

    [Fact]
    public void StatesAnActorsWarningsInChineseInTheBanner()
    {
        var html = ScanPage.Render(Scan());

        Assert.Contains("驿城区惠民生鲜超市：列入严重失信主体名单（黑榜）、信用等级D", html, StringComparison.Ordinal);
        Assert.DoesNotContain("black-list", html, StringComparison.Ordinal);
        Assert.DoesNotContain("grade-d", html, StringComparison.Ordinal);
    }

    [Fact]
    public void StatesTheCategoryStepsAndColdChainBreaksInChinese()
    {
        var html = ScanPage.Render(Scan());

        Assert.Contains("<dd>猪肉</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd>冷藏</dd>", html, StringComparison.Ordinal);
        Assert.Contains("运输 2026-11-21 05:00（驻马店市驿城区）：6.5 °C，超出冷藏要求（0–4 °C）", html, StringComparison.Ordinal);
        Assert.Contains("仓储 2026-11-21 09:00（冷库）：未记录温度", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">pork<", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("no temperature", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HeadsARecalledProductsBannerWithTheRecallInChineseOnly()
    {
        var html = ScanPage.Render(Scan(recalled: true));

        Assert.Contains("此产品已召回，请勿食用或使用", html, StringComparison.Ordinal);
        Assert.Contains("<strong>召回</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("recalled", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodesAnActorsNameInTheBanner()
    {
        var scan = Scan();
        var marked = scan with { WarnedActors = [scan.WarnedActors[0] with { Name = "<b>超市</b>" }] };

        var html = ScanPage.Render(marked);

        Assert.Contains("&lt;b&gt;超市&lt;/b&gt;：", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>超市</b>", html, StringComparison.Ordinal);
    }
}
