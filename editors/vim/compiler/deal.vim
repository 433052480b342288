" Vim compiler file
" Compiler:    deal (`deal test`: errors, warnings and failed expectations)
" Maintainer:  the deal project
" Use:         :compiler deal  then  :make  (or :make! %  on another file)
"
" deal prints each diagnostic as
"     FILE:LINE:COL: error: MESSAGE      (or warning:)
"      12 | the source line
"         | ^~~~
" perhaps followed by notes, FILE:LINE:COL: note: MESSAGE, at related
" places (the `{` of a block not closed, a first declaration): entries of
" type n
" and each failed expectation as
"     FILE:LINE:COL: expect failed: CHECK
"       explanation lines, indented
" The excerpt lines are skipped; the explanation joins the failure's message.

if exists("current_compiler")
  finish
endif
let current_compiler = "deal"

if exists(":CompilerSet") != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:cpo_save = &cpo
set cpo&vim

CompilerSet makeprg=deal\ test\ --color=never\ %:S

CompilerSet errorformat=
      \%f:%l:%c:\ %trror:\ %m,
      \%f:%l:%c:\ %tarning:\ %m,
      \%f:%l:%c:\ %tote:\ %m,
      \%E%f:%l:%c:\ expect\ failed:\ %m,
      \%-G%\\s%#%\\d%#\ \|%.%#,
      \%+C\ \ %.%#,
      \%-G%.%#

let &cpo = s:cpo_save
unlet s:cpo_save
