from toolcfg.cli import main

main(prog_name="toolcfg")
