-- Portal: a customer can be tied to the portal user who signed in with its verified email.

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "linked_user_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "customers_env_linked_user_id_key" ON "customers"("env", "linked_user_id");
