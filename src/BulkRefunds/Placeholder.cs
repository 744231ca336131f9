namespace BulkRefunds; internal static class Placeholder {}
