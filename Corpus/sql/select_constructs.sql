-- select_constructs.sql
-- Every SELECT construct we could think of, over a small HR / project
-- tracker schema: employees, departments, projects, assignments, tasks,
-- timesheets, offices, skills, employee_skills, org_edges.
-- Target lists, every join kind, LATERAL, WITH ORDINALITY, ROWS FROM,
-- sublinks, CTEs (RECURSIVE, MATERIALIZED, SEARCH, CYCLE), set operations,
-- VALUES, ORDER BY variants, LIMIT / OFFSET / FETCH, locking clauses,
-- DISTINCT / DISTINCT ON, TABLESAMPLE, ONLY, SELECT INTO, TABLE.

/* ---------- target list forms ---------- */
SELECT * FROM employees;
SELECT e.* FROM employees e;
SELECT e.*, d.name FROM employees e, departments d WHERE e.department_id = d.id;
SELECT employees.id, employees.first_name FROM employees;
SELECT public.employees.id FROM public.employees;
SELECT id AS employee_id, first_name || ' ' || last_name AS full_name, salary * 12 annual FROM employees;
SELECT 1;
SELECT 1 AS one, current_date AS today, 3.0 AS three;
SELECT FROM employees WHERE id = 1;
SELECT count(*) FROM employees;
SELECT (e).first_name FROM employees e;
SELECT e FROM employees e LIMIT 1;
SELECT ALL department_id FROM employees;
SELECT DISTINCT department_id FROM employees;
SELECT DISTINCT department_id, title FROM employees ORDER BY department_id, title;
SELECT DISTINCT ON (department_id) department_id, id, salary FROM employees ORDER BY department_id, salary DESC;
SELECT DISTINCT ON (department_id, title) * FROM employees ORDER BY department_id, title, hired_on;
TABLE departments;
TABLE ONLY offices;
SELECT id, first_name INTO TEMP TABLE tmp_new_hires FROM employees WHERE hired_on > current_date - 30;
SELECT * INTO UNLOGGED archived_tasks FROM tasks WHERE closed_at < '2020-01-01';

/* ---------- FROM items ---------- */
SELECT * FROM ONLY offices WHERE city = 'Oslo';
SELECT * FROM offices * WHERE city = 'Lima';
SELECT * FROM hr.employees AS emp (emp_id, emp_first);
SELECT * FROM employees TABLESAMPLE SYSTEM (10);
SELECT * FROM timesheets TABLESAMPLE BERNOULLI (1.5) REPEATABLE (42);
SELECT * FROM generate_series(1, 10) AS g;
SELECT * FROM generate_series(1, 10) WITH ORDINALITY AS g(value, ord);
SELECT * FROM unnest(ARRAY['a', 'b', 'c']) WITH ORDINALITY;
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['x', 'y'])) AS r(n, letter);
SELECT * FROM ROWS FROM (generate_series(1, 3), generate_series(10, 12)) WITH ORDINALITY AS r(a, b, ord);
SELECT * FROM json_to_recordset('[{"a":1,"b":"x"}]') AS x(a int, b text);
SELECT * FROM ROWS FROM (json_to_recordset('[{"a":1}]') AS (a int), generate_series(1, 2));
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS v(num, word);
SELECT * FROM (SELECT id, salary FROM employees WHERE salary > 100000) AS rich;
SELECT * FROM (SELECT id FROM employees) sub JOIN (SELECT employee_id FROM assignments) a ON a.employee_id = sub.id;
SELECT * FROM LATERAL (SELECT 1 AS x) l;
SELECT current_setting('search_path'), s.* FROM pg_settings s WHERE s.name = 'work_mem';
SELECT * FROM xmltable('/rows/row' PASSING xmlparse(document '<rows><row id="1"/></rows>') COLUMNS id int PATH '@id');

/* ---------- joins ---------- */
SELECT e.id, d.name FROM employees e INNER JOIN departments d ON d.id = e.department_id;
SELECT e.id, d.name FROM employees e JOIN departments d ON d.id = e.department_id AND d.active;
SELECT e.id, d.name FROM employees e LEFT JOIN departments d ON d.id = e.department_id;
SELECT e.id, d.name FROM employees e LEFT OUTER JOIN departments d ON d.id = e.department_id WHERE d.id IS NULL;
SELECT e.id, d.name FROM employees e RIGHT JOIN departments d ON d.id = e.department_id;
SELECT e.id, d.name FROM employees e RIGHT OUTER JOIN departments d ON d.id = e.department_id WHERE e.id IS NULL;
SELECT e.id, d.name FROM employees e FULL JOIN departments d ON d.id = e.department_id;
SELECT coalesce(a.employee_id, t.employee_id) FROM assignments a FULL OUTER JOIN timesheets t ON t.employee_id = a.employee_id AND t.project_id = a.project_id;
SELECT e.id, o.city FROM employees e CROSS JOIN offices o;
SELECT * FROM employees, departments, offices WHERE employees.department_id = departments.id AND departments.office_id = offices.id;
SELECT * FROM departments NATURAL JOIN offices;
SELECT * FROM employees NATURAL LEFT JOIN employee_skills;
SELECT * FROM assignments NATURAL FULL JOIN timesheets;
SELECT * FROM assignments JOIN timesheets USING (employee_id, project_id);
SELECT j.employee_id FROM assignments JOIN timesheets USING (employee_id, project_id) AS j;
SELECT * FROM assignments a LEFT JOIN timesheets t USING (employee_id) WHERE t.hours IS NULL;
SELECT * FROM (employees e JOIN departments d ON d.id = e.department_id) JOIN offices o ON o.id = d.office_id;
SELECT * FROM employees e JOIN (departments d JOIN offices o ON o.id = d.office_id) ON d.id = e.department_id;
SELECT * FROM (employees e LEFT JOIN assignments a ON a.employee_id = e.id) AS ea;
SELECT m.id AS manager, e.id AS report FROM employees e JOIN employees m ON m.id = e.manager_id;
SELECT e.id, x.total FROM employees e JOIN LATERAL (SELECT sum(hours) AS total FROM timesheets t WHERE t.employee_id = e.id) x ON true;
SELECT e.id, x.total FROM employees e LEFT JOIN LATERAL (SELECT sum(hours) AS total FROM timesheets t WHERE t.employee_id = e.id AND t.work_date > current_date - 7) x ON x.total > 0;
SELECT d.id, top.* FROM departments d, LATERAL (SELECT id, salary FROM employees WHERE department_id = d.id ORDER BY salary DESC LIMIT 3) top;
SELECT e.id, s.n FROM employees e CROSS JOIN LATERAL generate_series(1, e.vacation_days) AS s(n);
SELECT e.id, sk FROM employees e, LATERAL unnest(e.skill_tags) WITH ORDINALITY AS u(sk, pos) WHERE pos <= 3;
SELECT p.id, w.* FROM projects p LEFT JOIN LATERAL ROWS FROM (generate_series(p.start_date, p.end_date, interval '1 week')) AS w(week_start) ON true;

/* ---------- sublinks ---------- */
SELECT * FROM employees e WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.employee_id = e.id);
SELECT * FROM employees e WHERE NOT EXISTS (SELECT FROM timesheets t WHERE t.employee_id = e.id);
SELECT * FROM employees WHERE department_id IN (SELECT id FROM departments WHERE office_id = 3);
SELECT * FROM employees WHERE department_id NOT IN (SELECT id FROM departments WHERE NOT active);
SELECT * FROM employees WHERE (department_id, title) IN (SELECT department_id, title FROM open_roles);
SELECT * FROM employees WHERE salary > (SELECT avg(salary) FROM employees);
SELECT * FROM employees e WHERE salary = (SELECT max(salary) FROM employees WHERE department_id = e.department_id);
SELECT * FROM employees WHERE salary > ANY (SELECT salary FROM employees WHERE title = 'Manager');
SELECT * FROM employees WHERE salary >= ALL (SELECT salary FROM employees WHERE department_id = 4);
SELECT * FROM employees WHERE id = SOME (SELECT manager_id FROM employees);
SELECT e.id, (SELECT name FROM departments d WHERE d.id = e.department_id) AS dept FROM employees e;
SELECT e.id, (SELECT count(*) FROM tasks t WHERE t.assignee_id = e.id AND t.status = 'open') AS open_tasks FROM employees e;
SELECT e.id, ARRAY(SELECT s.name FROM employee_skills es JOIN skills s ON s.id = es.skill_id WHERE es.employee_id = e.id ORDER BY s.name) AS skills FROM employees e;
SELECT d.id, EXISTS (SELECT 1 FROM employees e WHERE e.department_id = d.id) AS staffed FROM departments d;
SELECT * FROM tasks WHERE (project_id, priority) = (SELECT id, 1 FROM projects WHERE code = 'ATLAS');
SELECT * FROM employees WHERE hired_on < (SELECT min(start_date) FROM projects) OR manager_id IS NULL;

/* ---------- CTEs ---------- */
WITH dept_totals AS (SELECT department_id, sum(salary) AS total FROM employees GROUP BY department_id)
SELECT d.name, t.total FROM departments d JOIN dept_totals t ON t.department_id = d.id;
WITH a AS (SELECT id FROM projects WHERE status = 'active'),
     b AS (SELECT project_id, count(*) AS n FROM tasks WHERE project_id IN (SELECT id FROM a) GROUP BY project_id)
SELECT * FROM b ORDER BY n DESC;
WITH big AS MATERIALIZED (SELECT * FROM timesheets WHERE hours > 10)
SELECT employee_id, count(*) FROM big GROUP BY employee_id;
WITH cheap AS NOT MATERIALIZED (SELECT id FROM projects WHERE budget < 10000)
SELECT * FROM tasks WHERE project_id IN (SELECT id FROM cheap);
WITH RECURSIVE chain (id, manager_id, depth) AS (
  SELECT id, manager_id, 0 FROM employees WHERE id = 17
  UNION ALL
  SELECT e.id, e.manager_id, c.depth + 1 FROM employees e JOIN chain c ON e.id = c.manager_id
)
SELECT * FROM chain;
WITH RECURSIVE subordinates AS (
  SELECT id, manager_id, ARRAY[id] AS path FROM employees WHERE manager_id IS NULL
  UNION
  SELECT e.id, e.manager_id, s.path || e.id FROM employees e JOIN subordinates s ON e.manager_id = s.id
)
SELECT id, array_length(path, 1) AS level FROM subordinates ORDER BY path;
WITH RECURSIVE org AS (
  SELECT id, manager_id FROM employees WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.manager_id FROM employees e JOIN org o ON e.manager_id = o.id
) SEARCH DEPTH FIRST BY id SET sort_key
SELECT * FROM org ORDER BY sort_key;
WITH RECURSIVE org AS (
  SELECT id, manager_id FROM employees WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.manager_id FROM employees e JOIN org o ON e.manager_id = o.id
) SEARCH BREADTH FIRST BY id SET level_key
SELECT * FROM org ORDER BY level_key;
WITH RECURSIVE reach (src, dst) AS (
  SELECT src, dst FROM org_edges WHERE src = 1
  UNION ALL
  SELECT r.src, e.dst FROM reach r JOIN org_edges e ON e.src = r.dst
) CYCLE dst SET has_loop USING visited
SELECT * FROM reach WHERE NOT has_loop;
WITH RECURSIVE reach (src, dst) AS (
  SELECT src, dst FROM org_edges WHERE src = 1
  UNION ALL
  SELECT r.src, e.dst FROM reach r JOIN org_edges e ON e.src = r.dst
) CYCLE dst SET looped TO 'Y' DEFAULT 'N' USING trail
SELECT dst, looped FROM reach;
WITH RECURSIVE nums (n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM nums WHERE n < 100) SELECT sum(n) FROM nums;
WITH x AS (SELECT 1 AS v), y AS (SELECT v + 1 AS v FROM x) SELECT * FROM x, y;
WITH outer_cte AS (WITH inner_cte AS (SELECT id FROM skills) SELECT * FROM inner_cte) SELECT count(*) FROM outer_cte;

/* ---------- set operations ---------- */
SELECT id FROM employees UNION SELECT employee_id FROM assignments;
SELECT id FROM employees UNION ALL SELECT employee_id FROM timesheets;
SELECT employee_id FROM assignments INTERSECT SELECT employee_id FROM timesheets;
SELECT employee_id FROM assignments INTERSECT ALL SELECT employee_id FROM timesheets;
SELECT id FROM employees EXCEPT SELECT assignee_id FROM tasks;
SELECT id FROM employees EXCEPT ALL SELECT assignee_id FROM tasks;
(SELECT id, 'emp' AS kind FROM employees ORDER BY id LIMIT 5) UNION ALL (SELECT id, 'dept' FROM departments ORDER BY id LIMIT 5);
SELECT city FROM offices UNION SELECT city FROM candidates ORDER BY city LIMIT 10;
SELECT a FROM t1 UNION (SELECT a FROM t2 INTERSECT SELECT a FROM t3) EXCEPT SELECT a FROM t4;
VALUES (1, 'a'), (2, 'b') UNION ALL SELECT id, code FROM projects;

/* ---------- VALUES ---------- */
VALUES (1), (2), (3);
VALUES (1, 'one', true), (2, 'two', false) ORDER BY 1 DESC LIMIT 1;
SELECT v.* FROM (VALUES (gen_random_uuid(), now())) v(id, at);
SELECT e.id, r.label FROM employees e JOIN (VALUES ('junior', 0, 50000), ('senior', 50000, 1000000)) AS r(label, lo, hi) ON e.salary >= r.lo AND e.salary < r.hi;

/* ---------- ORDER BY / LIMIT / OFFSET / FETCH ---------- */
SELECT * FROM employees ORDER BY last_name ASC, first_name DESC;
SELECT * FROM employees ORDER BY termination_date DESC NULLS LAST;
SELECT * FROM employees ORDER BY manager_id NULLS FIRST, id;
SELECT * FROM employees ORDER BY salary USING >;
SELECT * FROM employees ORDER BY hired_on USING < NULLS LAST;
SELECT * FROM employees ORDER BY 2, 1;
SELECT * FROM employees ORDER BY lower(last_name) COLLATE "C";
SELECT * FROM employees ORDER BY CASE WHEN title = 'CEO' THEN 0 ELSE 1 END, last_name;
SELECT * FROM employees ORDER BY id LIMIT 10 OFFSET 20;
SELECT * FROM departments ORDER BY name OFFSET 20;
SELECT * FROM offices ORDER BY city LIMIT ALL;
SELECT * FROM projects ORDER BY start_date OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY;
SELECT * FROM tasks ORDER BY created_at DESC FETCH FIRST ROW ONLY;
SELECT * FROM employees ORDER BY salary DESC FETCH FIRST 3 ROWS WITH TIES;
SELECT * FROM timesheets ORDER BY hours DESC OFFSET 1 ROW FETCH FIRST 5 ROW WITH TIES;
SELECT * FROM employees LIMIT $1 OFFSET $2;

/* ---------- locking ---------- */
SELECT * FROM tasks WHERE id = 5 FOR UPDATE;
SELECT * FROM tasks WHERE id = 5 FOR SHARE;
SELECT * FROM tasks WHERE id = 5 FOR NO KEY UPDATE;
SELECT * FROM tasks WHERE id = 5 FOR KEY SHARE;
SELECT * FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.id = 5 FOR UPDATE OF t;
SELECT * FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.id = 5 FOR UPDATE OF t FOR SHARE OF p;
SELECT * FROM tasks WHERE status = 'queued' ORDER BY priority LIMIT 1 FOR UPDATE SKIP LOCKED;
SELECT * FROM tasks WHERE id = 5 FOR UPDATE NOWAIT;
SELECT * FROM tasks t, projects p WHERE p.id = t.project_id FOR NO KEY UPDATE OF t, p NOWAIT;
SELECT * FROM tasks WHERE id = 5 FOR KEY SHARE SKIP LOCKED;

/* ---------- grouping & windows in SELECT ---------- */
SELECT department_id, count(*) FROM employees GROUP BY department_id HAVING count(*) > 5;
SELECT count(*) FROM employees GROUP BY ();
SELECT department_id, title, count(*) FROM employees GROUP BY department_id, title ORDER BY 3 DESC;
SELECT id, salary, rank() OVER (ORDER BY salary DESC), row_number() OVER w FROM employees WINDOW w AS (PARTITION BY department_id ORDER BY hired_on);
SELECT id, sum(salary) OVER (w1 ORDER BY hired_on) FROM employees WINDOW w1 AS (PARTITION BY department_id);
SELECT id, avg(salary) OVER () AS company_avg FROM employees;
SELECT department_id, sum(salary) FILTER (WHERE title LIKE '%Engineer%') FROM employees GROUP BY department_id;
SELECT e.department_id, count(*) FROM employees e WHERE e.active GROUP BY 1 HAVING bool_or(e.title = 'Manager') ORDER BY 1;
