namespace RedDino.Benchmarks; internal static class Program { private static void Main(string[] args) { } }
