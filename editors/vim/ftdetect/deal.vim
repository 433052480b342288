" deal scenario files
autocmd BufNewFile,BufRead *.deal setfiletype deal
