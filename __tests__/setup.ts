// Keep cdktf quiet and offline in tests.
process.env.CHECKPOINT_DISABLE = '1';
delete process.env.TF_CLI_CONFIG_FILE;
