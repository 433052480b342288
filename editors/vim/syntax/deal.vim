" Vim syntax file
" Language:    deal scenario (.deal), see LANGUAGE.md and deal(5)
" Maintainer:  the deal project
" The keyword lists are checked against src/keywords.def by
" tests/editors/keywords.sh: keep every keyword on a `syn keyword` line.

if exists("b:current_syntax")
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
setlocal iskeyword=@,48-57,_

" Declarations and the words that go with them
syn keyword dealDeclaration scenario party group action product fact
syn keyword dealDeclaration agreement dispute outcome clause include
syn keyword dealDeclaration expect query
syn keyword dealDeclWord    as of aka is owned by between signed
syn keyword dealDeclWord    plaintiff defendants claim probability
" Norms
syn keyword dealModal       may must shall not only among
syn keyword dealModifier    from until if unless overrides and or
" Flows and prepositions
syn keyword dealFlow        invests committed pays owns valued shares revenue supplies
syn keyword dealPreposition in with to on for
" Outcome statements
syn keyword dealRuling      uphold void construe covering amend order
" Checks
syn keyword dealCheck       under at who conflict when
syn keyword dealBoolean     true false

" Names: the one being declared, and Agreement.clause references
syn match dealDefinition "\%(\<\%(party\|group\|action\|product\|fact\|agreement\|dispute\|outcome\|clause\)\s\+\)\@<=\h\w*"
syn match dealReference  "\<\h\w*\.\h\w*\>" contains=dealDot
syn match dealDot        "\." contained

" Literals.  A literal is the longest run of [0-9A-Za-z_.%$,-] starting
" with a digit or `$`; one that matches no form is an error.
syn match dealBadLiteral "[0-9$][0-9A-Za-z_.%$,-]*"
syn match dealDate       "\<\d\{4}-\d\d-\d\d\%([0-9A-Za-z_.%$,-]\)\@!"
syn match dealMoney      "\$\d\{1,3}\%(,\d\{3}\)*\%(\.\d\+\)\=[KMBT]\=\%([0-9A-Za-z_.%$,-]\)\@!"
syn match dealMoney      "\$\d\+\%(\.\d\+\)\=[KMBT]\=\%([0-9A-Za-z_.%$,-]\)\@!"
syn match dealPercent    "\<\d\+\%(\.\d\{1,4}\)\=%\%([0-9A-Za-z_.%$,-]\)\@!"
syn match dealQuantity   "\<\d\+\%(\.\d\+\)\=\%(W\|kW\|MW\|GW\|TW\)\%([0-9A-Za-z_.%$,-]\)\@!"

" Strings, with their four escapes
syn region dealString start=+"+ skip=+\\.+ end=+"+ end=+$+ oneline contains=dealBadEscape,dealEscape
syn match dealBadEscape "\\." contained
syn match dealEscape    +\\[\\"nt]+ contained

" Comments
syn keyword dealTodo contained TODO FIXME XXX NOTE
syn match dealComment "#.*$" contains=dealTodo,@Spell

" Punctuation
syn match dealPunctuation "[;,:={}()?]"

hi def link dealDeclaration Statement
hi def link dealDeclWord    Keyword
hi def link dealModal       Conditional
hi def link dealModifier    Keyword
hi def link dealFlow        Operator
hi def link dealPreposition Keyword
hi def link dealRuling      Statement
hi def link dealCheck       Keyword
hi def link dealBoolean     Boolean
hi def link dealDefinition  Function
hi def link dealReference   Identifier
hi def link dealDot         Delimiter
hi def link dealBadLiteral  Error
hi def link dealDate        Constant
hi def link dealMoney       Number
hi def link dealPercent     Number
hi def link dealQuantity    Number
hi def link dealString      String
hi def link dealEscape      SpecialChar
hi def link dealBadEscape   Error
hi def link dealTodo        Todo
hi def link dealComment     Comment
hi def link dealPunctuation Delimiter

let b:current_syntax = "deal"
let &cpo = s:cpo_save
unlet s:cpo_save
