using Punchout.Gateway.Cli;

return await CommandLine.RunAsync(args, Console.Out, Console.Error);

/// <summary>The gateway's entry point: serves, or runs a support verb (see <see cref="CommandLine"/>).</summary>
public partial class Program;
