DROP TABLE change_generations;
