namespace Indicators; internal static class Placeholder {}
