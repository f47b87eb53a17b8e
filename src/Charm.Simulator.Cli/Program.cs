// Placeholder until the simulator command line lands; exits non-zero so nothing mistakes it for a working tool.
Console.Error.WriteLine("charm-sim: the simulator command line is not built yet.");
return 1;
