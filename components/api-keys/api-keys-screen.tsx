"use client";

import { useState } from "react";
import type { Env } from "@/lib/generated/prisma";
import type { ApiKeySummary } from "@/lib/api-keys/list-api-keys";
import { ENVIRONMENT_LABEL } from "@/lib/environment/environments";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyDialog, NewApiKeyButton } from "./create-api-key-dialog";

/** The API keys page body: header, list, and the one "new key" dialog both buttons open. */
export function ApiKeysScreen({ keys, env }: { keys: ApiKeySummary[]; env: Env }) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(0);
  const openDialog = () => {
    setOpened((n) => n + 1);
    setOpen(true);
  };
  return (
    <>
      <PageHeader
        title="API keys"
        description={`Secret keys your application uses to call the Equinox API. These belong to the ${ENVIRONMENT_LABEL[env].toLowerCase()} environment; switch environments in the sidebar to see the others.`}
        actions={<NewApiKeyButton onClick={openDialog} />}
      />
      <ApiKeysTable keys={keys} env={env} createButton={<NewApiKeyButton onClick={openDialog} label="Create the first key" />} />
      <CreateApiKeyDialog key={opened} env={env} open={open} onOpenChange={setOpen} />
    </>
  );
}
