namespace RedDino.Tests.Shared;

/// <summary>Base of test classes whose every test writes files: each test gets a fresh temporary folder
/// (<see cref="Folder"/>), deleted after it, also when it fails.</summary>
public abstract class TempFolderTest
{
    /// <summary>This test's own empty folder under the system temp folder.</summary>
    protected string Folder { get; private set; } = "";

    [TestInitialize]
    public void CreateTempFolder() => Folder = RepoPaths.NewTempFolder(GetType().Name);

    [TestCleanup]
    public void DeleteTempFolder()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
