-- app_queries.sql
-- SQL as emitted by ORMs, query builders and job libraries (ActiveRecord,
-- Django, Hibernate, Ecto, Prisma, GORM, SQLAlchemy, Oban / good_job style
-- queues): quoted identifiers, $n parameters, LIMIT $n OFFSET $m, IN lists
-- of parameters, lower("email") = lower($1), exists checks, counts,
-- upserts, savepoints, sqlcommenter / marginalia comments, and the catalog
-- queries ORMs run for schema introspection.

-- ActiveRecord ------------------------------------------------------------
SELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2;
SELECT "users".* FROM "users" WHERE "users"."email" = $1 LIMIT $2;
SELECT "users".* FROM "users" WHERE lower("users"."email") = lower($1) LIMIT $2;
SELECT 1 AS one FROM "users" WHERE "users"."email" = $1 LIMIT $2;
SELECT 1 AS one FROM "users" WHERE lower("users"."username") = lower($1) AND "users"."id" != $2 LIMIT $3;
SELECT COUNT(*) FROM "posts" WHERE "posts"."author_id" = $1 AND "posts"."published_at" IS NOT NULL;
SELECT "posts".* FROM "posts" WHERE "posts"."published_at" IS NOT NULL ORDER BY "posts"."published_at" DESC LIMIT $1 OFFSET $2;
SELECT "comments".* FROM "comments" WHERE "comments"."post_id" IN ($1, $2, $3, $4, $5);
SELECT "tags".*, "taggings"."taggable_id" AS "taggable_id" FROM "tags" INNER JOIN "taggings" ON "tags"."id" = "taggings"."tag_id" WHERE "taggings"."taggable_type" = $1 AND "taggings"."taggable_id" IN ($2, $3);
SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "memberships"."user_id" FROM "memberships" WHERE "memberships"."organization_id" = $1);
SELECT "users"."email" FROM "users" WHERE "users"."confirmed_at" IS NULL AND "users"."created_at" < $1;
SELECT "users".* FROM "users" ORDER BY "users"."id" ASC LIMIT $1;
SELECT "users".* FROM "users" WHERE "users"."id" > $1 ORDER BY "users"."id" ASC LIMIT $2;
SELECT "posts"."id", "posts"."title", "users"."name" FROM "posts" LEFT OUTER JOIN "users" ON "users"."id" = "posts"."author_id" WHERE "posts"."status" = $1;
SELECT DISTINCT "posts".* FROM "posts" INNER JOIN "comments" ON "comments"."post_id" = "posts"."id" WHERE "comments"."user_id" = $1;
SELECT "posts".* FROM "posts" WHERE ("posts"."title" ILIKE $1 OR "posts"."body" ILIKE $1) ORDER BY "posts"."updated_at" DESC;
SELECT SUM("line_items"."quantity") FROM "line_items" WHERE "line_items"."cart_id" = $1;
SELECT MAX("posts"."updated_at") FROM "posts" WHERE "posts"."author_id" = $1;
SELECT "users"."id" FROM "users" WHERE "users"."reset_password_token" = $1 ORDER BY "users"."id" ASC LIMIT $2;
SELECT "posts"."author_id", COUNT(*) AS "count_all" FROM "posts" GROUP BY "posts"."author_id";
INSERT INTO "users" ("email", "encrypted_password", "created_at", "updated_at") VALUES ($1, $2, $3, $4) RETURNING "id";
INSERT INTO "posts" ("title", "body", "author_id", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id";
UPDATE "users" SET "sign_in_count" = $1, "current_sign_in_at" = $2, "last_sign_in_at" = $3, "updated_at" = $4 WHERE "users"."id" = $5;
UPDATE "posts" SET "comments_count" = COALESCE("comments_count", 0) + $1 WHERE "posts"."id" = $2;
UPDATE "posts" SET "updated_at" = $1 WHERE "posts"."id" = $2;
DELETE FROM "taggings" WHERE "taggings"."id" = $1;
DELETE FROM "sessions" WHERE "sessions"."updated_at" < $1;
INSERT INTO "taggings" ("tag_id","taggable_type","taggable_id","created_at") VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) ON CONFLICT ("tag_id","taggable_type","taggable_id") DO NOTHING RETURNING "id";
INSERT INTO "settings" ("key","value","updated_at") VALUES ($1, $2, $3) ON CONFLICT ("key") DO UPDATE SET "value"=excluded."value","updated_at"=excluded."updated_at" RETURNING "id";
SAVEPOINT active_record_1;
RELEASE SAVEPOINT active_record_1;
ROLLBACK TO SAVEPOINT active_record_1;
SELECT "schema_migrations"."version" FROM "schema_migrations" ORDER BY "schema_migrations"."version" ASC;
INSERT INTO "schema_migrations" ("version") VALUES ($1) RETURNING "version";
SELECT "ar_internal_metadata"."value" FROM "ar_internal_metadata" WHERE "ar_internal_metadata"."key" = $1 LIMIT $2;
SELECT pg_try_advisory_lock(4240627359158014);
SELECT pg_advisory_unlock(4240627359158014);
SELECT "active_storage_attachments".* FROM "active_storage_attachments" WHERE "active_storage_attachments"."record_id" = $1 AND "active_storage_attachments"."record_type" = $2 AND "active_storage_attachments"."name" = $3;
SELECT "posts".* FROM "posts" /*application:Blog,controller:posts,action:index*/ WHERE "posts"."published" = TRUE;
SELECT "notifications".* FROM "notifications" WHERE "notifications"."recipient_id" = $1 AND "notifications"."read_at" IS NULL ORDER BY "notifications"."created_at" DESC LIMIT $2 /*action='index',controller='notifications',framework='rails'*/;

-- Django ----------------------------------------------------------------
SELECT "auth_user"."id", "auth_user"."password", "auth_user"."last_login", "auth_user"."is_superuser", "auth_user"."username", "auth_user"."email", "auth_user"."is_staff", "auth_user"."is_active", "auth_user"."date_joined" FROM "auth_user" WHERE "auth_user"."username" = 'admin' LIMIT 21;
SELECT (1) AS "a" FROM "auth_user" WHERE UPPER("auth_user"."email"::text) = UPPER('x@example.com') LIMIT 1;
SELECT COUNT(*) AS "__count" FROM "blog_entry" WHERE ("blog_entry"."pub_date" >= '2024-01-01T00:00:00+00:00'::timestamptz AND "blog_entry"."status" = 'live');
SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > '2024-05-01T10:00:00'::timestamp AND "django_session"."session_key" = 'abc') LIMIT 21;
SELECT "blog_entry"."id", "blog_entry"."headline", "blog_blog"."id", "blog_blog"."name" FROM "blog_entry" INNER JOIN "blog_blog" ON ("blog_entry"."blog_id" = "blog_blog"."id") WHERE "blog_blog"."name"::text LIKE '%Beatles%' ORDER BY "blog_entry"."pub_date" DESC;
SELECT "blog_entry"."id" FROM "blog_entry" WHERE UPPER("blog_entry"."headline"::text) LIKE UPPER('%lennon%');
SELECT "blog_author"."name", COUNT("blog_entry_authors"."entry_id") AS "num_entries" FROM "blog_author" LEFT OUTER JOIN "blog_entry_authors" ON ("blog_author"."id" = "blog_entry_authors"."author_id") GROUP BY "blog_author"."id" HAVING COUNT("blog_entry_authors"."entry_id") > 2 ORDER BY "num_entries" DESC;
SELECT "blog_entry"."id", "blog_entry"."rating" FROM "blog_entry" WHERE "blog_entry"."rating" > ("blog_entry"."n_comments" * 2) ORDER BY "blog_entry"."rating" DESC NULLS LAST;
SELECT "shop_order"."id" FROM "shop_order" WHERE "shop_order"."id" = 17 FOR UPDATE;
SELECT "shop_order"."id", "shop_order"."state" FROM "shop_order" WHERE "shop_order"."state" = 'new' LIMIT 10 FOR UPDATE SKIP LOCKED;
UPDATE "blog_entry" SET "n_pingbacks" = ("blog_entry"."n_pingbacks" + 1) WHERE "blog_entry"."id" = 42;
UPDATE "blog_entry" SET "rating" = CASE WHEN ("blog_entry"."id" = 1) THEN 5 WHEN ("blog_entry"."id" = 2) THEN 3 ELSE NULL END WHERE "blog_entry"."id" IN (1, 2);
INSERT INTO "blog_entry" ("blog_id", "headline", "body_text", "pub_date", "rating") VALUES (1, 'Hello', 'World', '2024-05-01'::date, 5) RETURNING "blog_entry"."id";
INSERT INTO "django_admin_log" ("action_time", "user_id", "content_type_id", "object_id", "object_repr", "action_flag", "change_message") VALUES ('2024-05-01T10:00:00+00:00'::timestamptz, 1, 7, '42', 'Entry object (42)', 2, '[{"changed": {"fields": ["Headline"]}}]') RETURNING "django_admin_log"."id";
DELETE FROM "django_session" WHERE "django_session"."expire_date" < '2024-05-01T10:00:00+00:00'::timestamptz;
SELECT "django_content_type"."id", "django_content_type"."app_label", "django_content_type"."model" FROM "django_content_type" WHERE ("django_content_type"."app_label" = 'blog' AND "django_content_type"."model" = 'entry') LIMIT 21;
SELECT "auth_permission"."content_type_id", "auth_permission"."codename" FROM "auth_permission" INNER JOIN "django_content_type" ON ("auth_permission"."content_type_id" = "django_content_type"."id") WHERE "auth_permission"."content_type_id" IN (1, 2, 3) ORDER BY "django_content_type"."app_label" ASC, "django_content_type"."model" ASC, "auth_permission"."codename" ASC;
SELECT DISTINCT "blog_entry"."blog_id" FROM "blog_entry" WHERE "blog_entry"."pub_date" BETWEEN '2024-01-01'::date AND '2024-12-31'::date;
SELECT "blog_entry"."id" FROM "blog_entry" WHERE EXISTS(SELECT 1 AS "a" FROM "blog_comment" U1 WHERE (U1."entry_id" = ("blog_entry"."id") AND U1."is_spam") LIMIT 1);
SELECT EXTRACT('year' FROM "blog_entry"."pub_date") AS "year", COUNT("blog_entry"."id") AS "n" FROM "blog_entry" GROUP BY 1 ORDER BY 1 ASC;
SELECT django_date_trunc AS x FROM (SELECT DATE_TRUNC('month', "shop_order"."created" AT TIME ZONE 'UTC') AS django_date_trunc FROM "shop_order") subquery GROUP BY 1;
ALTER TABLE "blog_entry" ADD COLUMN "slug" varchar(50) DEFAULT '' NOT NULL;
ALTER TABLE "blog_entry" ALTER COLUMN "slug" DROP DEFAULT;
CREATE INDEX "blog_entry_slug_5f4b7b3c" ON "blog_entry" ("slug");
CREATE INDEX "blog_entry_slug_5f4b7b3c_like" ON "blog_entry" ("slug" varchar_pattern_ops);
ALTER TABLE "blog_entry" ADD CONSTRAINT "blog_entry_blog_id_fk_blog_blog_id" FOREIGN KEY ("blog_id") REFERENCES "blog_blog" ("id") DEFERRABLE INITIALLY DEFERRED;
SET CONSTRAINTS "blog_entry_blog_id_fk_blog_blog_id" IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;

-- Hibernate / JPA ---------------------------------------------------------
select u1_0.id,u1_0.email,u1_0.display_name,u1_0.version from app_user u1_0 where u1_0.id=$1;
select o1_0.id,o1_0.customer_id,o1_0.status,l1_0.order_id,l1_0.id,l1_0.sku from purchase_order o1_0 left join order_line l1_0 on o1_0.id=l1_0.order_id where o1_0.id=$1;
select count(o1_0.id) from purchase_order o1_0 where o1_0.customer_id=$1 and o1_0.status in ($2,$3);
update app_user set display_name=$1,version=$2 where id=$3 and version=$4;
insert into app_user (display_name,email,version,id) values ($1,$2,$3,$4);
delete from order_line where order_id=$1;
select nextval('app_user_seq');
select p1_0.id,p1_0.name from product p1_0 where lower(p1_0.name) like lower($1) escape '' order by p1_0.name offset $2 rows fetch first $3 rows only;
select c1_0.id,c1_0.name from customer c1_0 where c1_0.id=$1 for update of c1_0;

-- Ecto / Phoenix ----------------------------------------------------------
SELECT u0."id", u0."email", u0."inserted_at" FROM "accounts" AS u0 WHERE (u0."email" = $1);
SELECT a0."id", a0."token", a0."context" FROM "accounts_tokens" AS a0 INNER JOIN "accounts" AS a1 ON a1."id" = a0."account_id" WHERE ((a0."token" = $1) AND (a0."context" = $2)) AND (a0."inserted_at" > $3::timestamp + (-(60)::numeric * interval '1 day'));
INSERT INTO "accounts_tokens" ("context","token","account_id","inserted_at") VALUES ($1,$2,$3,$4) RETURNING "id";
DELETE FROM "accounts_tokens" AS a0 WHERE ((a0."account_id" = $1) AND (a0."context" = ANY($2)));
SELECT o0."id", o0."state", o0."queue", o0."worker", o0."args" FROM "oban_jobs" AS o0 WHERE (o0."state" = 'available') AND (o0."queue" = $1) ORDER BY o0."priority", o0."scheduled_at", o0."id" LIMIT $2 FOR UPDATE SKIP LOCKED;
UPDATE "oban_jobs" AS o0 SET "state" = $1, "attempted_at" = $2, "attempted_by" = $3, "attempt" = o0."attempt" + $4 WHERE (o0."id" IN (SELECT so0."id" FROM "oban_jobs" AS so0 WHERE (so0."state" = 'available') AND (so0."queue" = $5) ORDER BY so0."priority", so0."scheduled_at", so0."id" LIMIT $6 FOR UPDATE SKIP LOCKED)) RETURNING o0."id", o0."args", o0."worker";
UPDATE "oban_jobs" AS o0 SET "state" = 'completed', "completed_at" = $1 WHERE (o0."id" = $2);
UPDATE "oban_jobs" AS o0 SET "state" = 'available' WHERE (o0."state" = 'scheduled') AND (o0."scheduled_at" <= $1);
DELETE FROM "oban_jobs" AS o0 WHERE (o0."state" IN ('completed', 'discarded')) AND (o0."attempted_at" < $1);

-- Prisma / TypeORM / Sequelize / Knex ---------------------------------------
SELECT "public"."User"."id", "public"."User"."email", "public"."User"."name" FROM "public"."User" WHERE ("public"."User"."email" = $1 AND 1=1) LIMIT $2 OFFSET $3;
SELECT "public"."Post"."id", "public"."Post"."authorId" FROM "public"."Post" WHERE "public"."Post"."authorId" IN ($1,$2,$3) OFFSET $4;
SELECT COUNT(*) AS "_count._all" FROM (SELECT "public"."Post"."id" FROM "public"."Post" WHERE "public"."Post"."published" = $1 OFFSET $2) AS "sub";
INSERT INTO "public"."Post" ("title","authorId","published") VALUES ($1,$2,$3) RETURNING "public"."Post"."id", "public"."Post"."createdAt";
SELECT "Post"."id" AS "Post_id", "Post"."title" AS "Post_title", "Comment"."id" AS "Comment_id" FROM "post" "Post" LEFT JOIN "comment" "Comment" ON "Comment"."postId"="Post"."id" WHERE "Post"."id" = $1;
SELECT DISTINCT "distinctAlias"."Post_id" AS "ids_Post_id" FROM (SELECT "Post"."id" AS "Post_id" FROM "post" "Post" LEFT JOIN "comment" "Comment" ON "Comment"."postId"="Post"."id") "distinctAlias" ORDER BY "Post_id" ASC LIMIT 10;
SELECT "id", "firstName", "lastName", "createdAt", "updatedAt" FROM "Users" AS "User" WHERE "User"."deletedAt" IS NULL AND "User"."id" = 7;
UPDATE "Users" SET "lastName"=$1,"updatedAt"=$2 WHERE "id" = $3 AND "deletedAt" IS NULL;
select "orders".*, "customers"."name" as "customer_name" from "orders" inner join "customers" on "customers"."id" = "orders"."customer_id" where "orders"."total" > $1 order by "orders"."created_at" desc limit $2;
insert into "audit" ("event", "payload") values ($1, $2) on conflict ("event_id") do update set "payload" = excluded."payload" returning *;

-- GORM / SQLAlchemy / misc --------------------------------------------------
SELECT * FROM "users" WHERE "users"."deleted_at" IS NULL ORDER BY "users"."id" LIMIT 1;
SELECT * FROM "products" WHERE code = $1 AND "products"."deleted_at" IS NULL ORDER BY "products"."id" LIMIT 1;
UPDATE "products" SET "price"=$1,"updated_at"=$2 WHERE "products"."deleted_at" IS NULL AND "id" = $3;
UPDATE "products" SET "deleted_at"=$1 WHERE "products"."id" = $2 AND "products"."deleted_at" IS NULL;
SELECT users.id AS users_id, users.name AS users_name, addresses_1.id AS addresses_1_id, addresses_1.email_address AS addresses_1_email_address FROM users LEFT OUTER JOIN addresses AS addresses_1 ON users.id = addresses_1.user_id WHERE users.name = $1;
SELECT count(*) AS count_1 FROM (SELECT users.id AS users_id FROM users WHERE users.name LIKE $1) AS anon_1;
SELECT anon_1.users_id, anon_1.users_name FROM (SELECT users.id AS users_id, users.name AS users_name FROM users ORDER BY users.id LIMIT $1 OFFSET $2) AS anon_1 ORDER BY anon_1.users_id;
INSERT INTO users (name, fullname) VALUES ($1::VARCHAR, $2::VARCHAR) RETURNING users.id;
SELECT good_jobs.* FROM good_jobs WHERE good_jobs.finished_at IS NULL AND (good_jobs.scheduled_at <= $1 OR good_jobs.scheduled_at IS NULL) ORDER BY priority DESC NULLS LAST, created_at ASC LIMIT $2;
SELECT "flipper_features"."key" AS feature_key, "flipper_gates"."key", "flipper_gates"."value" FROM "flipper_features" LEFT OUTER JOIN "flipper_gates" ON "flipper_features"."key" = "flipper_gates"."feature_key";
SELECT "rate_limits"."count" FROM "rate_limits" WHERE "rate_limits"."key" = $1 AND "rate_limits"."window_start" = date_trunc('minute', now()) FOR UPDATE;
INSERT INTO "rate_limits" ("key", "window_start", "count") VALUES ($1, date_trunc('minute', now()), 1) ON CONFLICT ("key", "window_start") DO UPDATE SET "count" = "rate_limits"."count" + 1 RETURNING "count";

-- schema introspection (what ORMs run at boot) ------------------------------
SELECT att.attnum, att.attname, format_type(att.atttypid, att.atttypmod) AS sql_type, att.attnotnull AS not_null,
       pg_get_expr(def.adbin, def.adrelid) AS default_expr, att.attidentity, att.attgenerated
FROM pg_attribute att
LEFT JOIN pg_attrdef def ON def.adrelid = att.attrelid AND def.adnum = att.attnum
WHERE att.attrelid = $1::regclass AND att.attnum > 0 AND NOT att.attisdropped
ORDER BY att.attnum;
SELECT c.relname FROM pg_class c LEFT JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r','p');
SELECT t.oid, t.typname, t.typtype, t.typarray, t.typbasetype, r.rngsubtype FROM pg_type t LEFT JOIN pg_range r ON r.rngtypid = t.oid WHERE t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype IN ('b', 'r', 'e', 'd');
SELECT ic.relname AS index_name, ix.indisunique, ix.indisprimary, pg_get_indexdef(ix.indexrelid) AS definition, pg_get_expr(ix.indpred, ix.indrelid) AS predicate
FROM pg_index ix
JOIN pg_class ic ON ic.oid = ix.indexrelid
JOIN pg_class tc ON tc.oid = ix.indrelid
JOIN pg_namespace ns ON ns.oid = tc.relnamespace
WHERE tc.relname = $1 AND ns.nspname = ANY (current_schemas(false))
ORDER BY ic.relname;
SELECT con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition, con.convalidated FROM pg_constraint con WHERE con.conrelid = $1::regclass AND con.contype IN ('c', 'f', 'x') ORDER BY con.conname;
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name;
SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position;
SELECT tc.constraint_name, kcu.column_name, rc.unique_constraint_name, rc.delete_rule FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name) JOIN information_schema.referential_constraints rc USING (constraint_schema, constraint_name) WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = $1;
SELECT current_database(), current_schema(), version();
SELECT pg_is_in_recovery();
SELECT extname, extversion FROM pg_extension;
SHOW server_encoding;
SHOW standard_conforming_strings;
SET client_encoding TO 'UTF8';
SET intervalstyle = iso_8601;
SET extra_float_digits = 3;
SELECT 1 FROM pg_database WHERE datname = $1;
SELECT EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public' AND tablename = $1);
