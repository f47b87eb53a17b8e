// Placeholder until the multi-call hook tool lands.
Console.Error.WriteLine("charm-sim-tool: not built yet.");
return 1;
