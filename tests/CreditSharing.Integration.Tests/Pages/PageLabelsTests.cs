using CreditSharing.Core.Grading;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Records;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Functions.Pages;

namespace CreditSharing.Integration.Tests.Pages;

/// <summary>The pages' one label table against the codes Core can emit: a code Core adds fails here until it has its Chinese.</summary>
public sealed class PageLabelsTests
{
    public static TheoryData<string, string[], string[]> Kinds()
    {
        var kinds = new TheoryData<string, string[], string[]>
        {
            { "trace categories", [.. TraceVocabulary.Categories], [.. PageLabels.TraceCategories.Keys] },
            { "trace steps", [.. TraceVocabulary.Steps], [.. PageLabels.Steps.Keys] },
            { "storage modes", [.. TraceVocabulary.StorageModes], [.. PageLabels.StorageModes.Keys] },
            { "actor warnings", [.. ActorWarnings.All], [.. PageLabels.ActorWarnings.Keys] },
            { "actor warning tags", [.. ActorWarnings.All], [.. PageLabels.ActorWarningTags.Keys] },
            { "record categories", [.. RecordCategories.All.Keys], [.. PageLabels.RecordCategoryNames.Keys] },
            { "list types", [.. ListTypes.All], [.. PageLabels.ListTypeNames.Keys] },
            { "counties", [.. Counties.All.Keys, GradeIndex.OtherCounty], [.. PageLabels.Counties.Keys] },
        };
        foreach (var spec in RecordCategories.All.Values)
        {
            kinds.Add($"{spec.Name} {spec.QualifierField ?? "(none)"}", [.. spec.AllowedValues], [.. PageLabels.Qualifiers.GetValueOrDefault(spec.Name)?.Keys ?? []]);
        }

        return kinds;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void LabelsEveryCodeCoreEmitsAndNoOther(string kind, string[] emitted, string[] labelled)
    {
        Assert.True(emitted.Order(StringComparer.Ordinal).SequenceEqual(labelled.Order(StringComparer.Ordinal), StringComparer.Ordinal),
            $"{kind}: Core emits [{string.Join(", ", emitted)}], the table labels [{string.Join(", ", labelled)}]");
    }

    [Fact]
    public void WordsEveryLabelInChinese()
    {
        var labels = new[] { PageLabels.TraceCategories, PageLabels.Steps, PageLabels.StorageModes, PageLabels.ActorWarnings, PageLabels.ActorWarningTags, PageLabels.RecordCategoryNames, PageLabels.ListTypeNames, PageLabels.Counties }
            .Concat(PageLabels.Qualifiers.Values)
            .SelectMany(kind => kind);

        Assert.All(labels, label => Assert.True(label.Value.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{label.Key} is labelled “{label.Value}”"));
    }

    [Fact]
    public void ReadsTheSameCodeByItsCategory()
    {
        Assert.Equal("一般", PageLabels.Qualifier(RecordCategories.Penalty, "general"));
        Assert.Equal("一般信用企业", PageLabels.Qualifier(RecordCategories.CustomsCredit, "general"));
        Assert.Equal("合格", PageLabels.Qualifier(RecordCategories.Inspection, "passed"));
        Assert.Equal("A级", PageLabels.Qualifier(RecordCategories.TaxRating, "A"));
    }

    [Fact]
    public void FallsBackToTheCodeItselfWhenTheTableLacksIt()
    {
        Assert.Equal("new-step", PageLabels.Step("new-step"));
        Assert.Equal("x", PageLabels.Qualifier("new-category", "x"));
    }
}
