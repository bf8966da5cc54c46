global using AsyncAi;
