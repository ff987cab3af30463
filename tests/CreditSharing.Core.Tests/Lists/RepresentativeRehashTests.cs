using System.Text;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Lists;

namespace CreditSharing.Core.Tests.Lists;

/// <summary>A rotation of the identity-hash key: searches under both keys, then the re-hash moves the index.</summary>
public sealed class RepresentativeRehashTests
{
    private const string Listed = "91411702MA6ULN0X2U";
    private const string IdNumber = "411702198001011233";
    private static readonly byte[] OldKey = Encoding.UTF8.GetBytes("the-old-identity-hash-key-of-32-chars!");
    private static readonly byte[] NewKey = Encoding.UTF8.GetBytes("the-new-identity-hash-key-of-32-chars!");
    private static readonly RepresentativeIndexEntry Row = new(Listed, "e1", "驻马店市示例商贸有限公司", "张三", "411702********1233");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void LooksUnderTheCurrentThenThePreviousKeyDuringARotation()
    {
        var hasher = new IdentityHasher(NewKey, OldKey);

        Assert.True(hasher.Rotating);
        Assert.Equal([new IdentityHasher(NewKey).Hash(IdNumber), new IdentityHasher(OldKey).Hash(IdNumber)], hasher.Candidates(IdNumber));
        Assert.Equal([new IdentityHasher(NewKey).Hash(IdNumber)], new IdentityHasher(NewKey).Candidates(IdNumber));
    }

    [Fact]
    public async Task MovesRowsOfThePreviousKeyToTheCurrentKeysHash()
    {
        var index = new MemoryRepresentativeIndex();
        await index.AddAsync(new IdentityHasher(OldKey).Hash(IdNumber), IdNumber, Row, Ct);
        var hasher = new IdentityHasher(NewKey, OldKey);

        var report = await new RepresentativeRehash(index, new MemoryEnterpriseStore(), hasher).RunAsync(Ct);

        Assert.Equal(new RehashReport(0, 1, 0, 0), report);
        Assert.Equal([hasher.Hash(IdNumber)], index.Keys);
        Assert.Equal([Row], await index.FindAsync(new IdentityHasher(NewKey).Hash(IdNumber), Ct));
    }

    [Fact]
    public async Task KeepsEveryRowOnASecondRun()
    {
        var index = new MemoryRepresentativeIndex();
        await index.AddAsync(new IdentityHasher(OldKey).Hash(IdNumber), IdNumber, Row, Ct);
        var rehash = new RepresentativeRehash(index, new MemoryEnterpriseStore(), new IdentityHasher(NewKey, OldKey));
        await rehash.RunAsync(Ct);

        Assert.Equal(new RehashReport(1, 0, 0, 0), await rehash.RunAsync(Ct));
    }

    [Fact]
    public async Task TakesTheNumberOfAnOlderRowFromTheEnterpriseWhenItsHashMatches()
    {
        var index = new MemoryRepresentativeIndex();
        index.AddWithoutNumber(new IdentityHasher(OldKey).Hash(IdNumber), Row);
        var enterprises = new MemoryEnterpriseStore();
        enterprises.Add(new EnterpriseProfile(Listed, "驻马店市示例商贸有限公司", new LegalRepresentative("张三", IdNumber), null, "411702", null));

        var report = await new RepresentativeRehash(index, enterprises, new IdentityHasher(NewKey, OldKey)).RunAsync(Ct);

        Assert.Equal(1, report.Moved);
        var row = Assert.Single(await ToListAsync(index.AllAsync(Ct)));
        Assert.Equal(IdNumber, row.IdNumber);
    }

    [Fact]
    public async Task LeavesAnOlderRowWhoseRepresentativeHasChangedSince()
    {
        var index = new MemoryRepresentativeIndex();
        var oldHash = new IdentityHasher(OldKey).Hash(IdNumber);
        index.AddWithoutNumber(oldHash, Row);
        var enterprises = new MemoryEnterpriseStore();
        enterprises.Add(new EnterpriseProfile(Listed, "驻马店市示例商贸有限公司", new LegalRepresentative("李四", "41170219850202123X"), null, "411702", null));

        var report = await new RepresentativeRehash(index, enterprises, new IdentityHasher(NewKey, OldKey)).RunAsync(Ct);

        Assert.Equal(new RehashReport(0, 0, 0, 1), report);
        Assert.Equal([oldHash], index.Keys);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
