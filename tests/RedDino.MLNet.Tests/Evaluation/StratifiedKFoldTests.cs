using System.Text.Json.Nodes;
using RedDino.MLNet.Evaluation;

namespace RedDino.MLNet.Tests.Evaluation;

[TestClass]
public sealed class StratifiedKFoldTests
{
    private static IEnumerable<object[]> Cases() =>
        EvaluationFixtures.Load("splits.json")["stratified_kfold"]!.AsArray()
            .Select(c => new object[] { c!["name"]!.GetValue<string>() });

    private static JsonObject Case(string name) =>
        EvaluationFixtures.Load("splits.json")["stratified_kfold"]!.AsArray()
            .Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void MatchesScikitLearn(string name)
    {
        var fixture = Case(name);
        var labels = EvaluationFixtures.Strings(fixture["labels"]);
        var folds = fixture["folds"]!.GetValue<int>();
        var seed = fixture["shuffle_seed"]?.GetValue<uint>();
        var warnings = new List<string>();

        if (fixture["error"] is { } error)
        {
            var thrown = Assert.ThrowsExactly<InvalidDataException>(() => StratifiedKFold.AssignFolds(labels, folds, seed, warnings.Add));
            Assert.AreEqual(error.GetValue<string>(), thrown.Message);
            return;
        }

        var assigned = StratifiedKFold.AssignFolds(labels, folds, seed, warnings.Add);
        CollectionAssert.AreEqual(EvaluationFixtures.Ints(fixture["fold_ids"]), assigned);
        CollectionAssert.AreEqual(fixture["warning"] is { } w ? new[] { w.GetValue<string>() } : Array.Empty<string>(), warnings);
    }

    [TestMethod]
    public void SplitsPartitionTheRowsByFold()
    {
        var labels = EvaluationFixtures.Strings(Case("basic")["labels"]);
        var assigned = StratifiedKFold.AssignFolds(labels, 5);
        var splits = StratifiedKFold.Split(labels, 5);
        Assert.HasCount(5, splits);
        foreach (var split in splits)
        {
            CollectionAssert.AreEqual(Enumerable.Range(0, labels.Length).Where(r => assigned[r] == split.Index).ToArray(), split.TestRows);
            CollectionAssert.AreEqual(Enumerable.Range(0, labels.Length).Where(r => assigned[r] != split.Index).ToArray(), split.TrainRows);
            Assert.IsNull(split.TestGroup);
        }
    }

    [TestMethod]
    public void OneFoldIsRejected() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StratifiedKFold.AssignFolds(["a", "b"], 1));

    [TestMethod]
    public void LeaveOneGroupOutMatchesScikitLearn()
    {
        var fixture = EvaluationFixtures.Load("splits.json")["leave_one_group_out"]!;
        var groups = EvaluationFixtures.Strings(fixture["groups"]);
        var expected = fixture["splits"]!.AsArray();
        var splits = LeaveOneGroupOut.Split(groups);
        Assert.HasCount(expected.Count, splits);
        for (var s = 0; s < splits.Count; s++)
        {
            Assert.AreEqual(s, splits[s].Index);
            Assert.AreEqual(expected[s]!["test_group"]!.GetValue<string>(), splits[s].TestGroup);
            CollectionAssert.AreEqual(EvaluationFixtures.Ints(expected[s]!["test_rows"]), splits[s].TestRows);
            Assert.AreEqual(groups.Length, splits[s].TrainRows.Length + splits[s].TestRows.Length);
        }
    }

    [TestMethod]
    public void LeaveOneGroupOutNeedsTwoGroupsAndAGroupOnEveryRow()
    {
        var single = Assert.ThrowsExactly<InvalidDataException>(() => LeaveOneGroupOut.Split(["s", "s"], "site"));
        StringAssert.Contains(single.Message, "'site'");
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => LeaveOneGroupOut.Split(["a", null, "b"]));
        StringAssert.Contains(missing.Message, "row 2", "1-based: the second row");
    }

    [TestMethod]
    public void ProtocolsParseAndSplit()
    {
        var labels = new[] { "a", "b", "a", "b", "a", "b" };
        var groups = new string?[] { "x", "y", "x", "z", "y", "z" };
        var kfold = EvaluationProtocol.Parse("kfold", folds: 3);
        Assert.AreEqual(3, kfold.Folds);
        Assert.IsNull(kfold.GroupColumn);
        Assert.HasCount(3, kfold.MakeSplits(labels, _ => throw new AssertFailedException("no column needed")));
        var loso = EvaluationProtocol.Parse("loso", groupColumn: "site");
        Assert.AreEqual("site", loso.GroupColumn);
        Assert.IsNull(loso.Folds);
        var splits = loso.MakeSplits(labels, column => column == "site" ? groups : throw new AssertFailedException(column));
        CollectionAssert.AreEqual(new[] { "x", "y", "z" }, splits.Select(s => s.TestGroup).ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => EvaluationProtocol.Parse("holdout"));
    }
}
