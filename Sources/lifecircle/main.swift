import LifeCircleCLI

await LifeCircleCommand.main()
