-- 0005: reserved for the watchlists branch, which adds its own 0005. This
-- placeholder keeps the numbers without gaps until the branches merge; the
-- merge deletes it. It changes nothing.
SELECT 1;
