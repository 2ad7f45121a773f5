"""The ci/ tools of iovcheck, one package: each tool is a module run by a
thin shim in ci/ (`python3 -m iovcheck_ci.<tool>`), and they share the
manifest of fuzz targets (targets), builds (build), child processes
(process), the coverage computation (coverage) and the exit-status table
with its one top-level handler (cli)."""
