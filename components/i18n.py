"""Every string a user sees, in Korean, English and Japanese: one table, one lookup.

Code (``b.grad = C.backward(y.grad)``), function classes (``Square``) and math stay as the
book prints them, the same in every edition.

How the Korean and Japanese entries are written (tests/unit/test_i18n.py checks the rules a
program can check):

- Korean: one register, 합니다체 (instructions end in -십시오, questions in -니까). No
  particle whose form depends on the sound before it (이/가, 을/를, 은/는, 와/과, 으로/로)
  follows a value or a name filled in at run time: the sentence puts a noun before the
  particle, or the value after a colon. The Korean edition's terms: 국소적 미분, 순전파,
  역전파, 중앙 차분; a learner's guess is 예측.
- Japanese: です/ます throughout; the book is 書籍; the book's ステップ6 is never the app's
  position, which is a 呼び出し (呼び出し n / 全 m); code and values carry no 「」.
"""

LANGS = ("ko", "en", "ja")
LANG_NAMES = {"ko": "한국어", "en": "English", "ja": "日本語"}

TEXT = {
    # -- page --------------------------------------------------------------------------------
    "title": {
        "ko": "역전파 탐색기",
        "en": "Backprop Explorer",
        "ja": "逆伝播エクスプローラー",
    },
    "subtitle": {
        "ko": "『밑바닥부터 시작하는 딥러닝 3』 STEP 6 ‘수동 역전파’를 호출 하나하나 따라가며 살펴봅니다.",
        "en": "Deep Learning from Scratch 3, step 06: manual backpropagation, one call at a time.",
        "ja": "『ゼロから作るDeep Learning ❸』ステップ6「手作業によるバックプロパゲーション」を、呼び出しを一つずつ実行しながらたどります。",
    },
    "language": {"ko": "언어", "en": "Language", "ja": "言語"},
    # -- builder (sidebar) -------------------------------------------------------------------
    "input_label": {"ko": "입력 x", "en": "Input x", "ja": "入力 x"},
    "input_help": {
        "ko": "숫자(0.5)나 리스트([0.5, 1.0, -2.0])를 입력합니다. 2차원은 중첩 리스트로 씁니다. 값은 최대 {limit:,}개입니다.",
        "en": "A number (0.5) or a list ([0.5, 1.0, -2.0]); nested lists for 2-D. "
        "At most {limit:,} values.",
        "ja": "数値（0.5）かリスト（[0.5, 1.0, -2.0]）を入力します。2次元は入れ子のリストで書きます。値は最大 {limit:,} 個です。",
    },
    "add_header": {"ko": "함수 추가", "en": "Add a function", "ja": "関数を追加"},
    "add_help": {
        "ko": "체인 끝에 {name} 함수를 추가합니다.",
        "en": "Append {name} to the end of the chain",
        "ja": "チェーンの最後に {name} を追加します。",
    },
    "chain_header": {
        "ko": "체인 ({n} / {limit})",
        "en": "Chain ({n} / {limit})",
        "ja": "チェーン（{n} / {limit}）",
    },
    "chain_empty": {
        "ko": "체인이 비어 있습니다. 위에서 함수를 추가하십시오.",
        "en": "The chain is empty: add a function above.",
        "ja": "チェーンが空です。上で関数を追加してください。",
    },
    "chain_pick": {
        "ko": "이동하거나 삭제할 함수를 고르십시오",
        "en": "Pick a function to move or remove",
        "ja": "移動または削除する関数を選んでください",
    },
    "move_up": {"ko": "위로 이동", "en": "Move up", "ja": "上へ移動"},
    "move_down": {"ko": "아래로 이동", "en": "Move down", "ja": "下へ移動"},
    "remove": {"ko": "삭제", "en": "Remove", "ja": "削除"},
    "clear": {"ko": "체인 비우기", "en": "Clear chain", "ja": "チェーンを空にする"},
    "limit_reached": {
        "ko": "함수는 최대 {limit}개까지 넣을 수 있습니다. 더 추가하려면 먼저 하나를 삭제하십시오.",
        "en": "A chain holds at most {limit} functions: remove one to add another.",
        "ja": "関数は最大 {limit} 個までです。追加するには、先に一つ削除してください。",
    },
    "steps_reset": {
        "ko": "체인이나 입력이 바뀌어 처음(호출 0)으로 되돌렸습니다.",
        "en": "The chain or the input changed, so the steps went back to the start.",
        "ja": "チェーンか入力が変わったので、最初（呼び出し 0）に戻しました。",
    },
    "presets_header": {"ko": "예제", "en": "Presets", "ja": "例題"},
    "preset_book": {
        "ko": "책의 예제: x = 0.5, Square → Exp → Square",
        "en": "The book's example: x = 0.5, Square → Exp → Square",
        "ja": "書籍の例：x = 0.5、Square → Exp → Square",
    },
    "preset_exp_square_exp": {
        "ko": "순서 바꾸기: Exp → Square → Exp",
        "en": "Swap the order: Exp → Square → Exp",
        "ja": "順序を入れ替える：Exp → Square → Exp",
    },
    "preset_vector": {
        "ko": "벡터 입력: x = [0.5, 1.0, -2.0]",
        "en": "A vector input: x = [0.5, 1.0, -2.0]",
        "ja": "ベクトル入力：x = [0.5, 1.0, -2.0]",
    },
    "preset_overflow": {
        "ko": "오버플로: inf와 nan은 이렇게 나타납니다",
        "en": "Overflow: what inf and nan look like",
        "ja": "オーバーフロー：inf と nan の現れ方",
    },
    "preset_loaded": {
        "ko": "예제를 불러왔습니다: {name}",
        "en": "Preset loaded: {name}",
        "ja": "例題を読み込みました：{name}",
    },
    # -- input errors ------------------------------------------------------------------------
    "input_empty": {
        "ko": "x가 비어 있습니다. 0.5 같은 숫자나 [0.5, 1.0, -2.0] 같은 리스트를 입력하십시오.",
        "en": "x is empty: type a number like 0.5 or a list like [0.5, 1.0, -2.0].",
        "ja": "x が空です。0.5 のような数値か、[0.5, 1.0, -2.0] のようなリストを入力してください。",
    },
    "input_too_long": {
        "ko": "입력이 너무 깁니다({length:,}자). 최대 {limit:,}자까지 입력할 수 있습니다.",
        "en": "The input is too long ({length:,} characters); the limit is {limit:,}.",
        "ja": "入力が長すぎます（{length:,} 文字）。上限は {limit:,} 文字です。",
    },
    "input_nonfinite": {
        "ko": "x는 유한한 수여야 합니다. nan이나 inf, 1e309처럼 inf가 되는 수는 쓸 수 없습니다. "
        "inf와 nan이 생기는 모습은 ‘오버플로’ 예제에서 볼 수 있습니다.",
        "en": "x must be finite (nan, inf and numbers like 1e309, which are inf, can't be used). "
        "To see inf and nan appear, open the 'Overflow' preset.",
        "ja": "x は有限の数でなければなりません（nan、inf、1e309 のように inf になる数は使えません）。"
        "inf と nan が現れる様子は、例題「オーバーフロー」で見られます。",
    },
    "input_too_deep": {
        "ko": "리스트가 너무 깊게 중첩되어 있습니다(최대 {limit}겹).",
        "en": "The lists are nested too deeply (at most {limit} levels).",
        "ja": "リストの入れ子が深すぎます（最大 {limit} 段）。",
    },
    "input_not_number": {
        "ko": "x를 숫자로 읽을 수 없습니다. 0.5 같은 숫자나 [0.5, 1.0, -2.0] 같은 리스트를 입력하십시오.",
        "en": "x is not a number: type a number like 0.5 or a list like [0.5, 1.0, -2.0].",
        "ja": "x を数値として読めません。0.5 のような数値か、[0.5, 1.0, -2.0] のようなリストを入力してください。",
    },
    "input_not_numbers": {
        "ko": "리스트에는 숫자만 넣을 수 있습니다. 문자열이나 True, False 같은 값은 넣을 수 없습니다.",
        "en": "A list may hold numbers only (no strings, no True/False).",
        "ja": "リストには数値だけを入れられます（文字列や True/False は入れられません）。",
    },
    "input_empty_list": {
        "ko": "빈 리스트입니다. 숫자를 하나 이상 넣으십시오.",
        "en": "The list is empty: put at least one number in it.",
        "ja": "空のリストです。数値を一つ以上入れてください。",
    },
    "input_too_many": {
        "ko": "값이 너무 많습니다({count:,}개). 최대 {limit:,}개까지 넣을 수 있습니다.",
        "en": "Too many values ({count:,}); the limit is {limit:,}.",
        "ja": "値が多すぎます（{count:,} 個）。上限は {limit:,} 個です。",
    },
    "input_ragged": {
        "ko": "중첩 리스트의 행은 모두 길이가 같아야 합니다. 예: [[1, 2], [3, 4]]",
        "en": "Every row of a nested list must have the same length, e.g. [[1, 2], [3, 4]].",
        "ja": "入れ子のリストの行は、すべて同じ長さでなければなりません。例：[[1, 2], [3, 4]]",
    },
    "input_kept": {
        "ko": "이전 값을 그대로 사용합니다: x = {x}",
        "en": "Still using the previous x = {x}.",
        "ja": "前の値 x = {x} をそのまま使います。",
    },
    # -- URL warnings ------------------------------------------------------------------------
    "url_bad_lang": {
        "ko": "링크에 적힌 언어를 알 수 없어 기본 언어를 사용합니다: {value}",
        "en": "The link's language {value} is unknown; using the default language.",
        "ja": "リンクで指定された言語 {value} がわからないため、既定の言語を使います。",
    },
    "url_too_many": {
        "ko": "링크에 함수가 {count:,}개 있습니다(최대 {limit}개). 대신 책의 예제 체인을 보여 줍니다.",
        "en": "The link holds {count:,} functions (at most {limit}); showing the book's chain instead.",
        "ja": "リンクに関数が {count:,} 個あります（最大 {limit} 個）。代わりに書籍の例のチェーンを表示します。",
    },
    "url_unknown_function": {
        "ko": "링크에 알 수 없는 함수가 있어 대신 책의 예제 체인을 보여 줍니다: {name}",
        "en": "The link names an unknown function {name}; showing the book's chain instead.",
        "ja": "リンクの関数 {name} がわからないため、代わりに書籍の例のチェーンを表示します。",
    },
    "url_bad_input": {
        "ko": "링크에 적힌 입력 x를 쓸 수 없어 x = 0.5로 시작합니다. {reason}",
        "en": "The link's input x can't be used, so x = 0.5. {reason}",
        "ja": "リンクの入力 x は使えないため、x = 0.5 で始めます。{reason}",
    },
    "url_bad_view": {
        "ko": "링크에 적힌 보기를 알 수 없어 기본 보기를 사용합니다: {value}",
        "en": "The link's view {value} is unknown; showing the default view.",
        "ja": "リンクで指定された表示 {value} がわからないため、既定の表示にします。",
    },
    "url_bad_step": {
        "ko": "링크에 적힌 위치는 0부터 {total}까지의 정수여야 하므로 처음부터 시작합니다: {value}",
        "en": "The link's step {value} is not a whole number from 0 to {total}; starting at the beginning.",
        "ja": "リンクの位置 {value} は 0 から {total} までの整数ではないため、最初から始めます。",
    },
    # -- stepping ----------------------------------------------------------------------------
    "next": {"ko": "다음 호출", "en": "Next call", "ja": "次の呼び出し"},
    "back": {"ko": "한 호출 되돌리기", "en": "Step back", "ja": "一つ戻る"},
    "run_end": {"ko": "끝까지 실행", "en": "Run to end", "ja": "最後まで実行"},
    "reset": {"ko": "처음으로", "en": "Reset", "ja": "最初に戻す"},
    "keys_help": {
        "ko": "키보드: → 키로 다음 호출, ← 키로 한 호출 되돌리기",
        "en": "Keyboard: → next call, ← step back",
        "ja": "キーボード：→ で次の呼び出し、← で一つ戻る",
    },
    "position": {
        "ko": "호출 {pos} / 전체 {total}",
        "en": "Call {pos} of {total}",
        "ja": "呼び出し {pos} / 全 {total}",
    },
    "phase_forward": {"ko": "순전파", "en": "Forward pass", "ja": "順伝播"},
    "phase_backward": {"ko": "역전파", "en": "Backward pass", "ja": "逆伝播"},
    "next_is": {"ko": "다음: {code}", "en": "Next: {code}", "ja": "次：{code}"},
    "start_explain": {
        "ko": "아직 아무것도 호출하지 않았습니다. 변수는 x 하나뿐입니다. 함수 {functions}의 객체는 "
        "만들어 두었지만 아직 호출하지 않았습니다. ‘다음 호출’ 버튼이나 → 키를 누르십시오.",
        "en": "No call made yet: only x exists, and the functions {functions} are created but not "
        "called. Press 'Next call' or the → key.",
        "ja": "まだ何も呼び出していません。変数は x だけです。関数 {functions} は作成済みですが、"
        "まだ呼び出していません。「次の呼び出し」ボタンか → キーを押してください。",
    },
    "explain_forward": {
        "ko": "순전파: 함수 {F}({op} 클래스)의 forward가 입력값 {inp}.data = {x}에서 출력값을 계산하고, "
        "그 값은 새 변수 {out}에 담깁니다. {out}.data = {y}",
        "en": "Forward: {F} = {op}() takes {inp}.data = {x} and makes a new variable {out}, "
        "with {out}.data = {y}.",
        "ja": "順伝播：関数 {F}（{op} クラス）の forward が入力 {inp}.data = {x} から出力を計算し、"
        "その値が新しい変数 {out} に入ります。{out}.data = {y}",
    },
    "explain_seed": {
        "ko": "역전파의 출발점입니다: y.grad = 1 (dy/dy = 1). 여기서부터 미분값을 출력 쪽에서 입력 쪽으로 "
        "거꾸로 전달합니다. 이 줄이 없으면 y.grad가 None인 채로 남아 첫 backward 호출이 실패합니다.",
        "en": "Backprop starts here: y.grad = 1 (dy/dy = 1). Gradients flow back from the output. "
        "Without this line y.grad is None and the first backward call fails.",
        "ja": "逆伝播の出発点です：y.grad = 1（dy/dy = 1）。ここから先、微分は出力側から入力側へと"
        "逆向きに伝わっていきます。この行がないと y.grad は None のままなので、最初の backward の呼び出しが失敗します。",
    },
    "explain_backward": {
        "ko": "역전파: {F}.backward가 전달받은 {out}.grad = {gy}에 국소적 미분을 곱합니다. "
        "{F}'({inp}) = {d}이므로, 그 결과는 {inp}.grad = {gx} (= dy/d{inp})입니다.",
        "en": "Backward: {F}.backward multiplies the incoming {out}.grad = {gy} by the local "
        "derivative {F}'({inp}) = {d}, so {inp}.grad = {gx} (= dy/d{inp}).",
        "ja": "逆伝播：{F}.backward は、受け取った {out}.grad = {gy} に局所的な微分 {F}'({inp}) = {d} を"
        "掛けます。その結果が {inp}.grad = {gx}（= dy/d{inp}）です。",
    },
    "done": {
        "ko": "역전파 완료: x.grad = {value}",
        "en": "Backward pass complete: x.grad = {value}",
        "ja": "逆伝播が完了しました：x.grad = {value}",
    },
    "manual_header": {
        "ko": "직접 호출하기",
        "en": "Make a call yourself",
        "ja": "自分で呼び出す",
    },
    "manual_help": {
        "ko": "책에서는 backward 호출을 한 줄씩 직접 씁니다. 원하는 호출을 골라 실행해 보십시오. "
        "받아야 할 grad가 아직 None인 호출은 파이썬에서와 마찬가지로 실패하고, 아무것도 바뀌지 않습니다.",
        "en": "In the book every backward call is written by hand. Pick any of them: a call whose "
        "incoming grad is still None fails, just as it would in Python, and changes nothing.",
        "ja": "書籍では backward の呼び出しを一行ずつ手で書きます。どの呼び出しでも選べます。"
        "受け取る grad がまだ None の呼び出しは Python と同じように失敗し、何も変わりません。",
    },
    "err_missing_seed": {
        "ko": "{call}에는 {needed}.grad가 필요한데, {needed}.grad는 아직 None입니다. "
        "역전파는 출발점의 값에서 시작합니다. 책에서는 backward를 호출하기 전에 다음 줄로 그 값을 정합니다: "
        "{producer} (dy/dy = 1). 아무것도 바뀌지 않았습니다.",
        "en": "{call} needs {needed}.grad, but {needed}.grad is still None. Backprop starts from "
        "the seed: the book sets {producer} (dy/dy = 1) before any backward call. "
        "Nothing was changed.",
        "ja": "{call} には {needed}.grad が必要ですが、{needed}.grad はまだ None です。"
        "逆伝播は出発点の値から始まります。書籍では backward を呼ぶ前に {producer}（dy/dy = 1）と"
        "設定します。何も変わっていません。",
    },
    "err_missing_grad": {
        "ko": "{call}에는 {needed}.grad가 필요한데, {needed}.grad는 아직 None입니다. "
        "{needed}.grad를 계산하는 것은 {producer} 호출이므로 그 호출을 먼저 하십시오. 아무것도 바뀌지 않았습니다.",
        "en": "{call} needs {needed}.grad, but {needed}.grad is still None. It is computed by "
        "{producer}: make that call first. Nothing was changed.",
        "ja": "{call} には {needed}.grad が必要ですが、{needed}.grad はまだ None です。"
        "{needed}.grad を計算するのは {producer} なので、先にその呼び出しをしてください。"
        "何も変わっていません。",
    },
    "err_forward_first": {
        "ko": "{code}보다 먼저 순전파를 마쳐야 합니다. 다음 줄이 아직 실행되지 않았습니다: {forward}",
        "en": "{code} needs the forward pass first: {forward} has not run yet.",
        "ja": "{code} の前に順伝播が必要です。{forward} がまだ実行されていません。",
    },
    "repeat_call": {
        "ko": "이미 한 호출입니다: {code}. 다시 해도 같은 값({value})을 다시 계산할 뿐, 아무것도 바뀌지 않습니다.",
        "en": "{code} was already made: it computes the same {value} again, and nothing changes.",
        "ja": "{code} は実行済みです。同じ値 {value} をもう一度計算するだけで、何も変わりません。",
    },
    "need_chain": {
        "ko": "함수를 하나 이상 추가하면 그래프와 호출 순서가 나타납니다.",
        "en": "Add at least one function to see the graph and the steps.",
        "ja": "関数を一つ以上追加すると、グラフと呼び出しの手順が表示されます。",
    },
    # -- graph -------------------------------------------------------------------------------
    "view_label": {"ko": "그래프", "en": "Graph", "ja": "グラフ"},
    "view_stacked": {
        "ko": "순전파와 역전파(그림 5-5)",
        "en": "Forward over backward (Fig. 5-5)",
        "ja": "順伝播と逆伝播（図5-5）",
    },
    "view_code": {
        "ko": "코드로 본 역전파(그림 6-2)",
        "en": "Backward in code (Fig. 6-2)",
        "ja": "コードで見る逆伝播（図6-2）",
    },
    "view_forward": {
        "ko": "순전파와 함수 클래스(그림 6-1)",
        "en": "Forward with classes (Fig. 6-1)",
        "ja": "順伝播と関数クラス（図6-1）",
    },
    "graph_alt": {
        "ko": "계산 그래프: {chain}",
        "en": "Computational graph: {chain}",
        "ja": "計算グラフ：{chain}",
    },
    "nonfinite_warning": {
        "ko": "유한하지 않은 값(inf 또는 nan)이 있습니다. ⚠ 표시를 확인하십시오. "
        "float64는 약 1.8e308을 넘으면 inf가 되고, inf - inf나 0 × inf는 nan이 됩니다.",
        "en": "Some values are not finite (inf or nan): look for the ⚠ marks. A float64 "
        "overflows to inf past about 1.8e308, and inf - inf or 0 × inf give nan.",
        "ja": "有限でない値（inf または nan）があります。⚠ 印を見てください。float64 は約 1.8e308 を"
        "超えると inf になり、inf - inf や 0 × inf は nan になります。",
    },
    # -- code, math, table -------------------------------------------------------------------
    "code_header": {"ko": "프로그램", "en": "Program", "ja": "プログラム"},
    "code_next": {"ko": "← 다음", "en": "← next", "ja": "← 次"},
    "code_caption": {
        "ko": "✓ 표시는 이미 실행한 줄이고, ‘← 다음’ 표시는 다음에 실행할 줄입니다.",
        "en": "✓ marks the lines already run; ← next marks the line that runs next.",
        "ja": "✓ は実行済みの行、「← 次」は次に実行する行です。",
    },
    "math_header": {"ko": "연쇄 법칙", "en": "Chain rule", "ja": "連鎖律"},
    "math_caption": {
        "ko": "backward를 한 번 호출할 때마다 국소적 미분이 하나씩 곱해집니다. 그때까지의 곱이 그 변수의 grad입니다.",
        "en": "Each backward call multiplies in one local derivative; the running product is "
        "each variable's grad.",
        "ja": "backward を一回呼び出すごとに、局所的な微分が一つずつ掛けられます。それまでの積が、その変数の grad です。",
    },
    "math_element": {
        "ko": "x가 배열이므로 첫 원소 {index}의 값을 보여 줍니다. 다른 원소도 같은 방식으로 각각 따로 계산됩니다.",
        "en": "x is an array: the numbers are those of its first element, {index}; every element "
        "is computed the same way, separately.",
        "ja": "x が配列なので、最初の要素 {index} の値を示しています。ほかの要素も同じように、それぞれ別々に計算されます。",
    },
    "table_header": {"ko": "변수", "en": "Variables", "ja": "変数"},
    "col_name": {"ko": "이름", "en": "name", "ja": "名前"},
    "col_made_by": {"ko": "만든 함수", "en": "made by", "ja": "作った関数"},
    "col_data": {"ko": "data", "en": "data", "ja": "data"},
    "col_grad": {"ko": "grad", "en": "grad", "ja": "grad"},
    "col_flags": {"ko": "경고", "en": "flags", "ja": "警告"},
    "made_by_input": {"ko": "입력", "en": "input", "ja": "入力"},
    "not_yet": {"ko": "아직 없음", "en": "not yet", "ja": "まだありません"},
    "flag_overflow": {"ko": "오버플로", "en": "overflow", "ja": "オーバーフロー"},
    "flag_invalid": {"ko": "잘못된 연산(nan)", "en": "invalid (nan)", "ja": "無効な演算（nan）"},
    "flag_divide": {"ko": "0으로 나눔", "en": "divide by zero", "ja": "ゼロ除算"},
    "flag_nonfinite": {"ko": "유한하지 않음", "en": "not finite", "ja": "有限でない値"},
    # -- projector and predict modes ---------------------------------------------------------
    "check_wait": {
        "ko": "역전파를 끝까지 마치면 여기서 x.grad를 수치 미분(STEP 4의 numerical_diff)과 비교합니다. 먼저 보여 주면 답을 미리 알려 주게 되기 때문입니다.",
        "en": "Once the backward pass is complete, x.grad is compared here with the numerical derivative (step 04's numerical_diff). Shown earlier, it would give the answer away.",
        "ja": "逆伝播を最後まで終えると、ここで x.grad を数値微分（書籍のステップ4の numerical_diff）と比べます。先に見せると、答えを教えてしまうからです。",
    },
    "projector": {"ko": "프로젝터 모드", "en": "Projector mode", "ja": "プロジェクターモード"},
    "projector_off": {
        "ko": "프로젝터 모드 끄기(체인 편집)",
        "en": "Leave projector mode (edit the chain)",
        "ja": "プロジェクターモードを終了（チェーンを編集）",
    },
    "projector_help": {
        "ko": "교실 뒷자리에서도 읽을 수 있도록 그래프, 코드, 수식을 크게 보여 주고, 사이드바와 나머지 패널은 숨깁니다.",
        "en": "Large graph, code and math that the back row of a classroom can read; the sidebar and the secondary panels are hidden.",
        "ja": "教室の後ろの席からも読めるように、グラフ・コード・数式を大きく表示し、サイドバーと補助的なパネルは隠します。",
    },
    "predict": {"ko": "예측한 뒤 확인", "en": "Predict, then reveal", "ja": "予想してから確認"},
    "predict_help": {
        "ko": "역전파의 출발점을 정하는 줄과 각 backward 호출을 실행하기 전에, 그 줄이 구할 grad 값을 예측해 입력합니다. 실제 값과의 차이가 0.1% 이내이면 정답입니다.",
        "en": "Before the seed and each backward call, type the grad you expect the call to give. Within 0.1% of the true value counts as right.",
        "ja": "出発点を設定する行と各 backward の呼び出しの前に、その呼び出しで求まる grad の値を予想して入力します。正しい値との差が 0.1% 以内なら正解です。",
    },
    "predict_prompt": {
        "ko": "다음 줄을 실행하기 전에 예측해 보십시오: {code}. {target}의 값은 얼마가 되겠습니까?",
        "en": "Before {code} runs: what will {target} be?",
        "ja": "{code} を実行する前に：{target} はいくつになるでしょうか？",
    },
    "predict_label": {
        "ko": "{target}의 예측값",
        "en": "Your value for {target}",
        "ja": "{target} の予想値",
    },
    "predict_button": {"ko": "확인하고 공개", "en": "Check and reveal", "ja": "確認して表示"},
    "predict_skip": {
        "ko": "예측하지 않고 공개",
        "en": "Reveal without guessing",
        "ja": "予想せずに表示",
    },
    "predict_right": {
        "ko": "정답입니다! {target} = {value}",
        "en": "Right! {target} = {value}",
        "ja": "正解です！{target} = {value}",
    },
    "predict_wrong": {
        "ko": "정답이 아닙니다. 예측값: {guess}, 실제: {target} = {value}",
        "en": "Not right: you said {guess}, and {target} = {value}.",
        "ja": "不正解です。予想は {guess}、実際は {target} = {value} です。",
    },
    "predict_score": {
        "ko": "점수: {right} / {asked}",
        "en": "Score: {right} / {asked}",
        "ja": "スコア：{right} / {asked}",
    },
    "predict_hint": {
        "ko": "힌트: {target} = {F}'({inp}) × {out}.grad. 지금 {out}.grad = {gy}.",
        "en": "Hint: {target} = {F}'({inp}) × {out}.grad, and {out}.grad = {gy}.",
        "ja": "ヒント：{target} = {F}'({inp}) × {out}.grad です。いまの {out}.grad は {gy} です。",
    },
    "predict_seed_hint": {
        "ko": "힌트: y를 y 자신으로 미분하면 얼마입니까?",
        "en": "Hint: what is the derivative of y with respect to y itself?",
        "ja": "ヒント：y を y 自身で微分すると、いくつになるでしょうか？",
    },
    "predict_shape": {
        "ko": "예측값은 숫자 하나이거나, 모양이 {shape}인 배열이어야 합니다.",
        "en": "A prediction is one number or an array of shape {shape}.",
        "ja": "予想値は数値一つか、形が {shape} の配列でなければなりません。",
    },
    "url_bad_option": {
        "ko": "링크의 옵션 값은 0이나 1이어야 하므로 이 옵션은 끈 상태로 둡니다: {name}={value}",
        "en": "The link's option {name}={value} is not 0 or 1, so it is off.",
        "ja": "リンクのオプション {name}={value} は 0 でも 1 でもないため、オフにします。",
    },
    "keys_help_projector": {
        "ko": "키보드: → 키나 Space 키로 다음 호출, ← 키로 한 호출 되돌리기",
        "en": "Keyboard: → or Space next call, ← step back",
        "ja": "キーボード：→ か Space で次の呼び出し、← で一つ戻る",
    },
    # -- exports, gradient check, tangent plot (issue 4) --
    "exports_header": {"ko": "내보내기", "en": "Export", "ja": "エクスポート"},
    "dl_dot": {
        "ko": "지금 그래프(.gv, Graphviz DOT)",
        "en": "This step's graph (.gv, Graphviz DOT)",
        "ja": "いまのグラフ（.gv、Graphviz DOT）",
    },
    "dl_svg": {
        "ko": "지금 그래프를 SVG로",
        "en": "This step as SVG",
        "ja": "いまのグラフを SVG で",
    },
    "dl_png": {
        "ko": "지금 그래프를 PNG로",
        "en": "This step as PNG",
        "ja": "いまのグラフを PNG で",
    },
    "dl_zip": {
        "ko": "모든 호출의 그래프를 SVG로(zip)",
        "en": "Every step as SVGs (zip)",
        "ja": "すべての呼び出しのグラフを SVG で（zip）",
    },
    "dl_zip_help": {
        "ko": "SVG 파일 {count}개입니다. 호출 0(시작)부터 호출 {last}까지, 앱에서 호출을 하나씩 진행하며 보는 그림과 같습니다.",
        "en": "{count} SVG files, from call 0 (the start) to call {last}: the pictures you see stepping through the app.",
        "ja": "SVG ファイル {count} 個です。呼び出し 0（開始）から呼び出し {last} まで、アプリで一つずつ進めたときの図と同じです。",
    },
    "dl_py": {
        "ko": "이 세션을 실행할 수 있는 .py 파일로",
        "en": "The session as a runnable .py",
        "ja": "このセッションを実行できる .py ファイルで",
    },
    "dl_py_help": {
        "ko": "책의 STEP 6 코드이며 numpy만 있으면 실행됩니다. python {file} 명령으로 실행하면 여기와 같은 x.grad를 출력합니다.",
        "en": "The book's step-06 code; it needs numpy only. python {file} prints the same x.grad as here.",
        "ja": "書籍のステップ6のコードで、numpy だけで動きます。python {file} で実行すると、ここと同じ x.grad を表示します。",
    },
    "no_renderer": {
        "ko": "SVG, PNG, zip 내려받기에는 Graphviz 렌더러가 필요한데, 이 서버에서 찾지 못했습니다. pip install -r requirements.txt 명령으로 설치할 수 있습니다(graphviz-pure). .gv 파일은 어떤 Graphviz 도구로도 열 수 있습니다.",
        "en": "SVG, PNG and zip downloads need a Graphviz renderer, and none was found on this server: pip install -r requirements.txt installs one (graphviz-pure). The .gv file opens in any Graphviz tool.",
        "ja": "SVG・PNG・zip のダウンロードには Graphviz のレンダラーが必要ですが、このサーバーでは見つかりませんでした。pip install -r requirements.txt でインストールできます（graphviz-pure）。.gv ファイルはどの Graphviz ツールでも開けます。",
    },
    "check_header": {"ko": "기울기 확인", "en": "Gradient check", "ja": "勾配の確認"},
    "check_backprop": {"ko": "역전파: x.grad", "en": "Backprop: x.grad", "ja": "逆伝播：x.grad"},
    "check_numerical": {
        "ko": "수치 미분: numerical_diff(f, x)",
        "en": "Numerical: numerical_diff(f, x)",
        "ja": "数値微分：numerical_diff(f, x)",
    },
    "check_max_error": {
        "ko": "최대 상대 오차: {value}",
        "en": "Largest relative error: {value}",
        "ja": "最大相対誤差：{value}",
    },
    "check_col_index": {"ko": "원소", "en": "element", "ja": "要素"},
    "check_col_backprop": {
        "ko": "역전파(x.grad)",
        "en": "backprop (x.grad)",
        "ja": "逆伝播（x.grad）",
    },
    "check_col_numerical": {"ko": "수치 미분", "en": "numerical", "ja": "数値微分"},
    "check_col_abs": {"ko": "절대 오차", "en": "absolute error", "ja": "絶対誤差"},
    "check_col_rel": {"ko": "상대 오차", "en": "relative error", "ja": "相対誤差"},
    "check_central": {
        "ko": "수치 미분은 STEP 4의 중앙 차분 (f(x + eps) − f(x − eps)) / (2 · eps)이며, eps = {eps}입니다. 체인의 순전파를 두 번 계산할 뿐 역전파는 쓰지 않습니다. 여기 있는 함수는 모두 원소별로 작용하므로, 중앙 차분 한 번으로 x의 모든 원소를 한꺼번에 확인할 수 있습니다.",
        "en": "The numerical derivative is step 04's central difference, (f(x + eps) − f(x − eps)) / (2 · eps) with eps = {eps}: the chain runs forward twice and backward not at all. Every function here acts elementwise, so one central difference checks every element of x at once.",
        "ja": "数値微分は書籍のステップ4の中心差分 (f(x + eps) − f(x − eps)) / (2 · eps) で、eps = {eps} です。チェーンを順伝播で2回計算するだけで、逆伝播は使いません。ここの関数はどれも要素ごとに作用するので、1回の中心差分で x のすべての要素を一度に確かめられます。",
    },
    "check_rows_limited": {
        "ko": "원소 {total:,}개 중 처음 {shown:,}개만 보여 줍니다.",
        "en": "Showing the first {shown:,} of {total:,} elements.",
        "ja": "{total:,} 個の要素のうち、最初の {shown:,} 個だけを表示しています。",
    },
    "check_nonfinite": {
        "ko": "inf나 nan인 값이 있습니다(오버플로, 또는 함수의 정의역 밖의 입력). 그런 원소의 오차에는 의미가 없습니다.",
        "en": "Some values are inf or nan (an overflow, or an input outside a function's domain): the error means nothing there.",
        "ja": "inf や nan の値があります（オーバーフロー、または関数の定義域の外の入力）。その要素の誤差には意味がありません。",
    },
    "tangent_header": {"ko": "x0에서의 접선", "en": "The tangent at x0", "ja": "x0 での接線"},
    "tangent_wait_backward": {
        "ko": "접선 그래프는 역전파가 끝나 x.grad가 구해진 뒤에 나타납니다.",
        "en": "The tangent plot appears once the backward pass is complete and x.grad is known.",
        "ja": "接線のグラフは、逆伝播が終わって x.grad が求まった後に表示されます。",
    },
    "tangent_wait_scalar": {
        "ko": "접선 그래프는 x가 스칼라일 때만 그립니다. 배열이면 원소마다 곡선이 하나씩 있기 때문입니다.",
        "en": "The tangent plot is drawn for a scalar x only: an array has one curve per element.",
        "ja": "接線のグラフは x がスカラーのときだけ描きます。配列では、要素ごとに曲線が一つずつあるからです。",
    },
    "tangent_nonfinite": {
        "ko": "x0에서 y나 x.grad가 유한하지 않아(inf 또는 nan) 그릴 접선이 없습니다.",
        "en": "y or x.grad is not finite (inf or nan) at x0, so there is no tangent to draw.",
        "ja": "x0 で y か x.grad が有限でない（inf または nan）ため、描く接線がありません。",
    },
    "tangent_caption": {
        "ko": "x0 = {x0} 근처의 y(x)와, 점 (x0, y0) = ({x0}, {y0})에서 y(x)에 접하는 직선 y0 + x.grad · (x − x0)입니다. 이 직선의 기울기는 x.grad = {grad}입니다. 역전파가 구하는 것이 바로 이 접선의 기울기입니다.",
        "en": "y(x) near x0 = {x0}, and the line y0 + x.grad · (x − x0) through (x0, y0) = ({x0}, {y0}). Its slope is x.grad = {grad}: backprop computes exactly the slope of this tangent.",
        "ja": "x0 = {x0} の近くの y(x) と、点 (x0, y0) = ({x0}, {y0}) で y(x) に接する直線 y0 + x.grad · (x − x0) です。その傾きが x.grad = {grad} です。逆伝播が求めているのは、まさにこの接線の傾きです。",
    },
    "tangent_range": {
        "ko": "x 범위: {lo} ~ {hi}. 곡선이 모두 유한하고, 곡선과 접선이 모두 y0에서 10 · (|y0| + 1) 이내에 들 때까지 x0 주위의 범위를 절반씩 좁힙니다. 다만 범위의 절반 폭은 1e-9 · max(1, |x0|)보다 좁아지지 않습니다.",
        "en": "x from {lo} to {hi}: the range halves around x0 until the curve is finite and both the curve and the tangent stay within 10 · (|y0| + 1) of y0, but never to a half-width below 1e-9 · max(1, |x0|).",
        "ja": "x の範囲は {lo} 〜 {hi} です。曲線がすべて有限で、曲線と接線がどちらも y0 から 10 · (|y0| + 1) 以内に収まるまで、x0 のまわりで範囲を半分ずつ狭めます。ただし、範囲の半分の幅は 1e-9 · max(1, |x0|) より狭くはしません。",
    },
    "tangent_curve": {"ko": "y(x)", "en": "y(x)", "ja": "y(x)"},
    "tangent_line": {
        "ko": "접선(기울기 x.grad)",
        "en": "tangent (slope x.grad)",
        "ja": "接線（傾き x.grad）",
    },
    "tangent_series": {"ko": "곡선", "en": "curve", "ja": "曲線"},
    # -- write your own Function (issue 11) --------------------------------------------------
    "write_header": {
        "ko": "Function 직접 작성하기",
        "en": "Write a Function",
        "ja": "Function を書く",
    },
    "write_intro": {
        "ko": "책의 클래스처럼 함수를 정의합니다. forward는 x로 y를 계산하고, backward는 gy에 국소적 미분을 곱합니다. 고칠 때마다 step 04의 수치 미분과 바로 비교합니다.",
        "en": "Define a function as the book's classes do: forward computes y from x, backward multiplies gy by the local derivative. Every edit is checked at once against step 04's numerical derivative.",
        "ja": "書籍のクラスのように関数を定義します。forward は x から y を計算し、backward は gy に局所的な微分を掛けます。編集のたびに、ステップ4の数値微分とすぐに比べます。",
    },
    "write_grammar": {
        "ko": "쓸 수 있는 것은 숫자, x(forward), x·y(출력)·gy(backward), `+ - * / **`, 괄호, `np.exp np.log np.sin np.cos np.tan np.tanh np.sqrt np.abs np.maximum np.minimum`, `< <= > >=` 비교를 조건으로 하는 `np.where(조건, a, b)`입니다. 식 하나는 최대 {limit}자입니다.",
        "en": "You can use: numbers; x (forward), x, y (the output) and gy (backward); `+ - * / **` and parentheses; `np.exp np.log np.sin np.cos np.tan np.tanh np.sqrt np.abs np.maximum np.minimum`, and `np.where(condition, a, b)` with a comparison `< <= > >=`. At most {limit} characters per expression.",
        "ja": "使えるのは、数値、x（forward）、x・y（出力）・gy（backward）、`+ - * / **`、括弧、`np.exp np.log np.sin np.cos np.tan np.tanh np.sqrt np.abs np.maximum np.minimum`、そして比較 `< <= > >=` を条件とする `np.where(条件, a, b)` です。式一つは最大 {limit} 文字です。",
    },
    "write_hint": {
        "ko": "직접 만든 함수는 페이지 아래쪽의 'Function 직접 작성하기'에서 작성합니다.",
        "en": "Functions of your own: write them in Write a Function, at the bottom of the page.",
        "ja": "自作の関数は、ページ下部の「Function を書く」で書きます。",
    },
    "write_name": {"ko": "클래스 이름", "en": "Class name", "ja": "クラス名"},
    "write_forward": {
        "ko": "forward(self, x):  y =",
        "en": "forward(self, x):  y =",
        "ja": "forward(self, x):  y =",
    },
    "write_backward": {
        "ko": "backward(self, gy):  gx =",
        "en": "backward(self, gy):  gx =",
        "ja": "backward(self, gy):  gx =",
    },
    "write_new": {"ko": "새 함수", "en": "New function", "ja": "新しい関数"},
    "field_name": {"ko": "클래스 이름", "en": "Class name", "ja": "クラス名"},
    "field_forward": {"ko": "forward", "en": "forward", "ja": "forward"},
    "field_backward": {"ko": "backward", "en": "backward", "ja": "backward"},
    "write_define": {"ko": "정의하기", "en": "Define", "ja": "定義する"},
    "write_save": {"ko": "변경 저장", "en": "Save changes", "ja": "変更を保存"},
    "write_delete": {"ko": "삭제", "en": "Delete", "ja": "削除"},
    "write_add_help": {
        "ko": "{name} 함수를 체인 끝에 추가합니다",
        "en": "Append {name} to the end of the chain",
        "ja": "{name} をチェーンの最後に追加します",
    },
    "write_limit": {
        "ko": "직접 작성한 함수는 최대 {limit}개까지입니다. 새로 작성하려면 하나를 삭제하십시오.",
        "en": "At most {limit} functions of your own: delete one to write another.",
        "ja": "自作の関数は最大 {limit} 個までです。新しく書くには一つ削除してください。",
    },
    "write_field_error": {
        "ko": "{field}: {reason}",
        "en": "{field}: {reason}",
        "ja": "{field}：{reason}",
    },
    "write_kept": {
        "ko": "바뀐 것은 없습니다. 이전 정의가 그대로 쓰입니다.",
        "en": "Nothing was changed: the last definition stays in use.",
        "ja": "何も変わっていません。前の定義がそのまま使われます。",
    },
    "write_unfinished": {
        "ko": "체인에 추가하기 전에 {name}의 backward를 작성하십시오.",
        "en": "Write the backward of {name} before adding it to the chain.",
        "ja": "チェーンに追加する前に {name} の backward を書いてください。",
    },
    "def_saved": {
        "ko": "{name} 함수를 정의했습니다. + {name} 버튼으로 체인에 추가할 수 있습니다.",
        "en": "{name} is defined: add it to the chain with + {name}.",
        "ja": "{name} を定義しました。+ {name} ボタンでチェーンに追加できます。",
    },
    "def_updated": {
        "ko": "{name} 함수를 고쳤습니다.",
        "en": "{name} is updated.",
        "ja": "{name} を更新しました。",
    },
    "def_deleted": {
        "ko": "{name} 함수를 삭제했습니다.",
        "en": "{name} is deleted.",
        "ja": "{name} を削除しました。",
    },
    "def_deleted_chain": {
        "ko": "{name} 함수를 삭제했고, 체인에서도 {count}개를 함께 뺐습니다.",
        "en": "{name} is deleted, and taken out of the chain ({count} in it).",
        "ja": "{name} を削除し、チェーンからも {count} 個を取り除きました。",
    },
    "def_backward_needed": {
        "ko": "{name} 함수는 체인에 있으므로 backward를 비워 둘 수 없습니다.",
        "en": "{name} is in the chain, so its backward can't be empty.",
        "ja": "{name} はチェーンの中にあるので、backward を空にはできません。",
    },
    "def_duplicate": {
        "ko": "{name}: 이미 정의한 이름입니다. 다른 이름을 고르거나 그 함수를 고치십시오.",
        "en": "{name} is defined already: pick another name, or edit that one.",
        "ja": "{name} はすでに定義されています。別の名前を選ぶか、その関数を直してください。",
    },
    "def_param_too_long": {
        "ko": "정의가 {limit:,}자보다 깁니다.",
        "en": "The definition is longer than {limit:,} characters.",
        "ja": "定義が {limit:,} 文字より長いです。",
    },
    "def_param_parts": {
        "ko": "정의는 `이름:forward:backward`의 세 부분으로 이루어집니다. 예: `Cube:x**3:3*x**2*gy`",
        "en": "A definition has three parts, `Name:forward:backward`, e.g. `Cube:x**3:3*x**2*gy`.",
        "ja": "定義は `名前:forward:backward` の三つの部分からなります。例：`Cube:x**3:3*x**2*gy`",
    },
    "expr_empty": {
        "ko": "식이 비어 있습니다.",
        "en": "The expression is empty.",
        "ja": "式が空です。",
    },
    "expr_type": {
        "ko": "식은 텍스트여야 합니다.",
        "en": "An expression must be text.",
        "ja": "式は文字列でなければなりません。",
    },
    "expr_too_long": {
        "ko": "식이 너무 깁니다({length:,}자). 최대 {limit}자까지입니다.",
        "en": "The expression is too long ({length:,} characters); the limit is {limit}.",
        "ja": "式が長すぎます（{length:,} 文字）。上限は {limit} 文字です。",
    },
    "expr_character": {
        "ko": "{column}번째 글자 {char}: 쓸 수 없는 문자입니다. ASCII 영문자, 숫자, 연산자, 괄호만 쓸 수 있습니다(전각 문자는 ASCII로 읽습니다).",
        "en": "The character {char} at column {column} is not allowed: only ASCII letters, digits, operators and parentheses (full-width ones are read as ASCII).",
        "ja": "{column} 文字目の {char} は使えない文字です。ASCII の英字・数字・演算子・括弧だけが使えます（全角文字は ASCII として読みます）。",
    },
    "expr_syntax": {
        "ko": "파이썬이 읽을 수 있는 식이 아닙니다({column}번째 글자). 예: `3 * x ** 2 * gy`",
        "en": "This is not an expression Python can read (column {column}). Example: `3 * x ** 2 * gy`",
        "ja": "Python が読める式ではありません（{column} 文字目）。例：`3 * x ** 2 * gy`",
    },
    "expr_nesting": {
        "ko": "{column}번째 글자에서 괄호가 너무 깊게 중첩되었습니다(최대 {limit}단계).",
        "en": "Too many parentheses inside one another at column {column} (at most {limit} levels).",
        "ja": "{column} 文字目で括弧の入れ子が深すぎます（最大 {limit} 段）。",
    },
    "expr_name": {
        "ko": "{column}번째 글자의 이름 {name}: 여기서는 쓸 수 없습니다. 쓸 수 있는 이름: {allowed}",
        "en": "The name {name} at column {column} can't be used here: only {allowed}.",
        "ja": "{column} 文字目の名前 {name} はここでは使えません。使える名前：{allowed}",
    },
    "expr_function": {
        "ko": "{column}번째 글자의 {name}: 쓸 수 없습니다. 쓸 수 있는 함수: {allowed}",
        "en": "{name} at column {column} is not allowed: the functions are {allowed}.",
        "ja": "{column} 文字目の {name} は使えません。使える関数：{allowed}",
    },
    "expr_arity": {
        "ko": "{column}번째 글자의 {name}: 인수를 {expected}개 받습니다.",
        "en": "{name} at column {column} takes {expected} argument(s).",
        "ja": "{column} 文字目の {name} は引数を {expected} 個とります。",
    },
    "expr_node": {
        "ko": "{column}번째 글자의 {what}: 쓸 수 없습니다. 쓸 수 있는 것은 숫자, x, y, gy, `+ - * / **`, 괄호, np 함수뿐입니다.",
        "en": "{what} at column {column} is not allowed: the grammar has numbers, x, y, gy, `+ - * / **`, parentheses and the np functions only.",
        "ja": "{column} 文字目の {what} は使えません。使えるのは数値、x、y、gy、`+ - * / **`、括弧、np の関数だけです。",
    },
    "expr_constant": {
        "ko": "{column}번째 글자의 {what}: 숫자가 아닙니다.",
        "en": "{what} at column {column} is not a number.",
        "ja": "{column} 文字目の {what} は数値ではありません。",
    },
    "expr_compare": {
        "ko": "{column}번째 글자의 비교 {what}: np.where의 조건으로만, `< <= > >=` 중 하나로 쓸 수 있습니다. 예: `np.where(x > 0, gy, 0)`",
        "en": "The comparison {what} at column {column} is allowed only as the condition of np.where, with one of `< <= > >=`, e.g. `np.where(x > 0, gy, 0)`.",
        "ja": "{column} 文字目の比較 {what} は、np.where の条件としてだけ、`< <= > >=` のどれか一つで使えます。例：`np.where(x > 0, gy, 0)`",
    },
    "expr_condition": {
        "ko": "np.where의 첫 번째 인수({column}번째 글자)는 x > 0 같은 비교여야 합니다.",
        "en": "The first argument of np.where (column {column}) must be a comparison such as x > 0.",
        "ja": "np.where の最初の引数（{column} 文字目）は x > 0 のような比較でなければなりません。",
    },
    "name_invalid": {
        "ko": "{name}: 클래스 이름으로 쓸 수 없습니다. Cube처럼 대문자로 시작하고, 그 뒤에는 영문자, 숫자, _만 씁니다(최대 {limit}자).",
        "en": "{name} is not a class name: start with a capital letter, then letters, digits or _ (at most {limit} characters), as in Cube.",
        "ja": "{name} はクラス名として使えません。Cube のように大文字で始め、続けて英字・数字・_ だけを使います（最大 {limit} 文字）。",
    },
    "name_builtin": {
        "ko": "{name}: 이미 있는 내장 함수의 이름입니다. 다른 이름을 고르십시오(Cube, MySin 등).",
        "en": "{name} is a built-in function already: pick another name (Cube, MySin, ...).",
        "ja": "{name} はすでに組み込みの関数の名前です。別の名前を選んでください（Cube、MySin など）。",
    },
    "name_letter": {
        "ko": "{name}: 프로그램이 체인의 함수에 붙이는 이름(`A = Square()`, `B = Exp()`, ...)과 겹칩니다. 더 긴 이름을 고르십시오.",
        "en": "{name} would clash with the program's names for the functions of the chain (`A = Square()`, `B = Exp()`, ...): pick a longer name.",
        "ja": "{name} は、プログラムがチェーンの関数につける名前（`A = Square()`、`B = Exp()`、…）と重なります。もっと長い名前を選んでください。",
    },
    "name_python": {
        "ko": "{name}: 파이썬이나 프로그램이 이미 쓰는 이름입니다(x, y, np, 키워드, Function, Variable, print 등). 다른 이름을 고르십시오.",
        "en": "{name} is a name Python or the program already uses (x, y, np, keywords, Function, Variable, print, ...): pick another name.",
        "ja": "{name} は Python かプログラムがすでに使っている名前です（x、y、np、キーワード、Function、Variable、print など）。別の名前を選んでください。",
    },
    "verdict_right": {
        "ko": "✓ {name}.backward는 맞습니다. 현재 x를 포함한 {count}개 점에서 step 04의 수치 미분과 일치합니다.",
        "en": "✓ {name}.backward is right: it matches step 04's numerical derivative of the forward at {count} points, the current x among them.",
        "ja": "✓ {name}.backward は正しいです。現在の x を含む {count} 個の点で、ステップ4の数値微分と一致します。",
    },
    "verdict_ignores_gy": {
        "ko": "✗ {name}.backward는 gy를 무시합니다. x = {x}에서 gy = 2로 호출한 결과: {g2}. gy = 1일 때와 같습니다({g1}). backward는 국소적 미분에 gy를 곱해야 합니다: `gx = (미분) * gy`",
        "en": "✗ {name}.backward ignores gy: called with gy = 2 at x = {x} it returns {g2}, the same as with gy = 1 ({g1}). backward must multiply the local derivative by gy: `gx = (derivative) * gy`.",
        "ja": "✗ {name}.backward は gy を無視しています。x = {x} で gy = 2 として呼んでも、gy = 1 のとき（{g1}）と同じ {g2} を返します。backward は局所的な微分に gy を掛けなければなりません：`gx = (微分) * gy`",
    },
    "verdict_gy_nonlinear": {
        "ko": "✗ {name}.backward는 국소적 미분에 gy를 곱하는 형태가 아닙니다. x = {x}에서 gy = 1일 때의 결과: {g1}, gy = 2일 때의 결과: {g2}. 두 배가 아닙니다. gy는 곱하는 인수로 한 번만 씁니다: `gx = (미분) * gy`",
        "en": "✗ {name}.backward does not multiply gy by the local derivative: at x = {x}, gy = 1 gives {g1} but gy = 2 gives {g2}, not twice as much. Use gy once, as a factor: `gx = (derivative) * gy`.",
        "ja": "✗ {name}.backward は局所的な微分に gy を掛ける形になっていません。x = {x} で gy = 1 のとき {g1}、gy = 2 のとき {g2} で、2倍になりません。gy は掛ける因数として一度だけ使います：`gx = (微分) * gy`",
    },
    "verdict_sign": {
        "ko": "✗ {name}.backward의 부호가 반대입니다. x = {x}에서 backward의 결과: {backward}, 수치 미분: {numerical}.",
        "en": "✗ {name}.backward has its sign flipped: at x = {x} it returns {backward}, while the numerical derivative is {numerical}.",
        "ja": "✗ {name}.backward の符号が逆です。x = {x} で backward は {backward} を返しますが、数値微分は {numerical} です。",
    },
    "verdict_factor": {
        "ko": "✗ {name}.backward의 결과가 수치 미분의 약 {factor}배입니다. x = {x}에서 backward의 결과: {backward}, 수치 미분: {numerical}.",
        "en": "✗ {name}.backward is off by a factor of about {factor}: at x = {x} it returns {backward}, while the numerical derivative is {numerical}.",
        "ja": "✗ {name}.backward の結果が数値微分の約 {factor} 倍になっています。x = {x} で backward は {backward} を返しますが、数値微分は {numerical} です。",
    },
    "verdict_wrong": {
        "ko": "✗ {name}.backward가 수치 미분과 맞지 않습니다. 상대 오차가 가장 큰 곳: x = {x}(오차 {error}, backward의 결과 {backward}, 수치 미분 {numerical}).",
        "en": "✗ {name}.backward does not match the numerical derivative: the largest relative error, {error}, is at x = {x} (backward {backward}, numerical {numerical}).",
        "ja": "✗ {name}.backward は数値微分と一致しません。相対誤差が最も大きいのは x = {x} です（誤差 {error}、backward {backward}、数値微分 {numerical}）。",
    },
    "verdict_undefined": {
        "ko": "{name}의 forward가 확인한 모든 점에서 유한하지 않아 비교할 수 없습니다.",
        "en": "The forward of {name} is not finite at any point checked, so there is nothing to compare.",
        "ja": "{name} の forward が確かめたどの点でも有限でないため、比較できません。",
    },
    "verdict_missing": {
        "ko": "이제 {name}의 backward를 작성하십시오. 국소적 미분(x로, 출력을 쓰려면 y로)에 gy를 곱합니다. Enter를 누르면 바로 확인합니다.",
        "en": "Now write the backward of {name}: the local derivative (in x, or in y, the output) times gy. It is checked as soon as you press Enter.",
        "ja": "次は {name} の backward を書きましょう。局所的な微分（x で、出力を使うなら y で）に gy を掛けます。Enter を押すとすぐに確かめます。",
    },
    "graph_wrong": {
        "ko": "`{fn} = {name}()`: {reason}",
        "en": "`{fn} = {name}()`: {reason}",
        "ja": "`{fn} = {name}()`：{reason}",
    },
    "graph_wrong_note": {
        "ko": "그래프에서 빨간 점선으로 표시한 backward입니다. 그래도 끝까지 실행할 수 있습니다. 이 backward로 구한 x.grad를 '기울기 확인' 탭에서 수치 미분과 비교해 보십시오(gy를 무시하는 backward는 체인의 마지막에 있으면 gy = 1이라 맞아 보일 수 있습니다).",
        "en": "It is the backward outlined with a red dashed line in the graph. The lesson still runs: see the x.grad it leads to, and compare it with the numerical derivative in the 'Gradient check' tab (a backward that ignores gy can look right last in the chain, where gy = 1).",
        "ja": "グラフで赤い破線で囲んだ backward です。それでも最後まで実行できます。この backward で求めた x.grad を「勾配確認」タブで数値微分と比べてみてください（gy を無視する backward は、チェーンの最後にあると gy = 1 なので正しく見えることがあります）。",
    },
    "url_bad_def": {
        "ko": "링크의 함수 정의 {value}: 쓸 수 없어 무시했습니다. {reason}",
        "en": "The link's function definition {value} was not used: {reason}",
        "ja": "リンクの関数定義 {value} は使えないため無視しました。{reason}",
    },
    "url_too_many_defs": {
        "ko": "링크에 정의된 함수가 {count}개입니다. 처음 {limit}개만 씁니다.",
        "en": "The link defines {count} functions; only the first {limit} are used.",
        "ja": "リンクで定義された関数は {count} 個です。最初の {limit} 個だけを使います。",
    },
    "exercise_loaded": {
        "ko": "연습 문제를 불러왔습니다. 페이지 아래쪽의 'Function 직접 작성하기'에서 {function}의 backward를 작성하십시오.",
        "en": "Exercise loaded: write the backward of {function} in Write a Function, at the bottom of the page.",
        "ja": "練習問題を読み込みました。ページ下部の「Function を書く」で {function} の backward を書いてください。",
    },
    "preset_write_cube": {
        "ko": "Cube (x³) 작성하기",
        "en": "Write Cube (x³)",
        "ja": "Cube（x³）を書く",
    },
    "preset_write_sin": {
        "ko": "Sin을 처음부터 작성하기",
        "en": "Write Sin from scratch",
        "ja": "Sin を一から書く",
    },
    # -- issue 12: text that bypassed the table, the computed gradient-check error ----------
    "lesson_heading": {
        "ko": "수업: 호출 하나씩 따라가기",
        "en": "The lesson, one call at a time",
        "ja": "授業：呼び出しを一つずつたどる",
    },
    "graph_flag_overflow": {"ko": "오버플로", "en": "overflow", "ja": "オーバーフロー"},
    "graph_flag_invalid": {"ko": "잘못된 연산", "en": "invalid", "ja": "無効な演算"},
    "graph_flag_divide": {"ko": "0으로 나눔", "en": "divide", "ja": "ゼロ除算"},
    "export_no_renderer": {
        "ko": "Graphviz 렌더러를 찾지 못했습니다. pip install graphviz-pure 명령(requirements.txt에 들어 있습니다)으로 설치하거나 Graphviz의 dot을 설치하십시오.",
        "en": "no Graphviz renderer found: `pip install graphviz-pure` (in requirements.txt) or install Graphviz's `dot`",
        "ja": "Graphviz のレンダラーが見つかりません。pip install graphviz-pure（requirements.txt に含まれています）でインストールするか、Graphviz の dot をインストールしてください。",
    },
    "export_timeout": {
        "ko": "그림을 만들지 못했습니다: {program} 실행이 {seconds}초를 넘겼습니다.",
        "en": "{program} took more than {seconds} s",
        "ja": "図を作れませんでした。{program} の実行が {seconds} 秒を超えました。",
    },
    "export_cannot_run": {
        "ko": "그림을 만들지 못했습니다. 다음 프로그램을 실행할 수 없습니다: {program} ({error})",
        "en": "cannot run {program}: {error}",
        "ja": "図を作れませんでした。{program} を実行できません（{error}）。",
    },
    "export_failed": {
        "ko": "그림을 만들지 못했습니다. {program} 실행이 실패했습니다(종료 코드 {code}): {message}",
        "en": "{program} failed (exit code {code}): {message}",
        "ja": "図を作れませんでした。{program} が失敗しました（終了コード {code}）：{message}",
    },
    "dl_py_help_style": {
        "ko": "STEP 6의 방식으로 쓴 프로그램입니다. STEP 6에 나오는 함수는 Square와 Exp뿐이고, 나머지는 같은 형식으로 덧붙였습니다. numpy만 있으면 실행되며, python {file} 명령으로 실행하면 여기와 같은 x.grad를 출력합니다.",
        "en": "A program in the style of step 06, which defines Square and Exp only; the other functions follow the same pattern. It needs numpy only. python {file} prints the same x.grad as here.",
        "ja": "ステップ6の書き方にならったプログラムです。書籍のステップ6に出てくる関数は Square と Exp だけで、ほかの関数は同じ形で加えています。numpy だけで動き、python {file} で実行すると、ここと同じ x.grad を表示します。",
    },
    "check_col_expected": {"ko": "추정 오차", "en": "expected error", "ja": "推定誤差"},
    "check_expected": {
        "ko": "이 체인과 {where}에서 중앙 차분 자체가 내는 상대 오차는 다음과 같이 추정됩니다. 절단 오차 eps² / 6 · |f‴(x)| / |f′(x)| ≈ {truncation}(f‴(x) ≈ {third}, 순전파 값만으로 추정), 반올림 오차 2.2e-16 · |f(x)| / (eps · |f′(x)|) ≈ {rounding}, 합쳐서 약 {expected}입니다. 역전파는 정확한 국소적 미분을 곱하므로 반올림 오차 말고는 정확합니다.",
        "en": "The relative error the central difference itself makes for this chain at {where}: truncation eps² / 6 · |f‴(x)| / |f′(x)| ≈ {truncation} (f‴(x) ≈ {third}, estimated from forward values only), plus rounding 2.2e-16 · |f(x)| / (eps · |f′(x)|) ≈ {rounding}: about {expected} in all. Backprop multiplies exact local derivatives, so it is exact up to rounding.",
        "ja": "このチェーンと {where} で、中心差分そのものが生む相対誤差は次のように見積もれます。打ち切り誤差 eps² / 6 · |f‴(x)| / |f′(x)| ≈ {truncation}（f‴(x) ≈ {third}、順伝播の値だけから推定）、丸め誤差 2.2e-16 · |f(x)| / (eps · |f′(x)|) ≈ {rounding}、合わせて約 {expected} です。逆伝播は正確な局所的な微分を掛けるので、丸め誤差を除けば正確です。",
    },
    "check_where_scalar": {"ko": "이 x", "en": "this x", "ja": "この x"},
    "check_where_element": {
        "ko": "{index}(추정치에 비해 오차가 가장 큰 원소)",
        "en": "{index} (the element furthest above its estimate)",
        "ja": "{index}（推定値に比べて誤差がもっとも大きい要素）",
    },
    "check_agrees": {
        "ko": "측정된 상대 오차: {measured}(추정치의 {ratio}배). 중앙 차분의 오차로 설명되는 크기이므로, backward는 미분을 올바르게 계산하고 있습니다.",
        "en": "Measured: {measured}, {ratio} × the estimate: the size the central difference explains, so backward computes the derivative.",
        "ja": "測定された相対誤差は {measured}（推定値の {ratio} 倍）で、中心差分の誤差で説明できる大きさです。backward は微分を正しく計算しています。",
    },
    "check_disagrees": {
        "ko": "측정된 상대 오차: {measured}(추정치의 {ratio}배). 중앙 차분의 오차로는 설명할 수 없을 만큼 크므로, backward가 이 미분을 올바르게 계산하지 못하고 있습니다.",
        "en": "Measured: {measured}, {ratio} × the estimate: far more than the central difference explains, so backward does not compute this derivative.",
        "ja": "測定された相対誤差は {measured}（推定値の {ratio} 倍）で、中心差分の誤差では説明できないほど大きいため、backward はこの微分を正しく計算していません。",
    },
    "check_expected_flat": {
        "ko": "{where}에서는 f′(x)가 0이거나 0에 아주 가까워 상대 오차에는 의미가 없습니다. 절대 오차는 {abs_error}입니다.",
        "en": "At {where}, f′(x) is 0 or nearly 0, so a relative error says nothing; the absolute error is {abs_error}.",
        "ja": "{where} では f′(x) が 0 か、ほぼ 0 なので、相対誤差には意味がありません。絶対誤差は {abs_error} です。",
    },
    "check_expected_none": {
        "ko": "값에 inf나 nan이 있어 오차를 추정할 수 없습니다.",
        "en": "With inf or nan in the values, no error can be estimated.",
        "ja": "値に inf や nan があるため、誤差を見積もれません。",
    },
    # -- the graph element (issue 9): stepping, animation, zoom, announcements ------------
    "graph_said_start": {
        "ko": "시작: 아직 아무 호출도 하지 않았습니다.",
        "en": "Start: no call made yet.",
        "ja": "開始：まだ何も呼び出していません。",
    },
    "graph_said_call": {
        "ko": "{call} 호출 결과: {target} = {value}",
        "en": "{target} = {value}, from {call}",
        "ja": "{call} の結果：{target} = {value}",
    },
    "graph_said_seed": {
        "ko": "역전파의 시작값(dy/dy = 1) 설정: {target} = {value}",
        "en": "{target} = {value}, the seed (dy/dy = 1)",
        "ja": "逆伝播の出発点（dy/dy = 1）の設定：{target} = {value}",
    },
    "graph_zoom_in": {"ko": "확대", "en": "Zoom in", "ja": "拡大"},
    "graph_zoom_out": {"ko": "축소", "en": "Zoom out", "ja": "縮小"},
    "graph_fit": {
        "ko": "체인 전체 보기",
        "en": "Fit the whole chain",
        "ja": "チェーン全体を表示",
    },
    "graph_keys": {
        "ko": "그래프: → ← 호출, Home End 처음과 끝, + − 확대와 축소, 0 전체 보기, 끌어서 이동",
        "en": "Graph: → ← calls, Home End first and last, + − zoom, 0 fit, drag to pan",
        "ja": "グラフ：→ ← 呼び出し、Home End 最初と最後、+ − 拡大と縮小、0 全体表示、ドラッグで移動",
    },
    "anim_label": {"ko": "애니메이션", "en": "Animation", "ja": "アニメーション"},
    "anim_help": {
        "ko": "호출할 때마다 값이 화살표를 따라 움직입니다. 시스템에서 '동작 줄이기'를 켜면 기본으로 꺼집니다.",
        "en": "Each call moves its value along the arrows. Off by default when the system asks "
        "for reduced motion.",
        "ja": "呼び出しごとに値が矢印に沿って動きます。システムで「視差効果を減らす」がオンなら既定でオフです。",
    },
    # -- steps 07 and 08: y.backward() makes the manual calls (issue 10) ---------------------
    "book_label": {"ko": "책의 단계", "en": "Book step", "ja": "書籍（ステップ6〜8）"},
    "book_06": {
        "ko": "06 수동 역전파",
        "en": "06 Manual backprop",
        "ja": "06 手作業の逆伝播",
    },
    "book_07": {
        "ko": "07 역전파 자동화 (재귀)",
        "en": "07 Automating backprop (recursion)",
        "ja": "07 逆伝播の自動化（再帰）",
    },
    "book_08": {
        "ko": "08 재귀에서 반복문으로",
        "en": "08 From recursion to a loop",
        "ja": "08 再帰からループへ",
    },
    "book_help": {
        "ko": "06에서는 backward 호출을 직접 하나씩 합니다. 07과 08에서는 y.backward() 한 줄이 같은 호출을 같은 숫자로 대신 합니다.",
        "en": "In 06 you make each backward call by hand. In 07 and 08 one line, y.backward(), makes the same calls with the same numbers.",
        "ja": "06 では backward の呼び出しを一つずつ手で行います。07 と 08 では y.backward() の一行が、同じ呼び出しを同じ数値で代わりに行います。",
    },
    "url_bad_book": {
        "ko": "링크의 book 값을 알 수 없습니다: {value}. 06, 07, 08 가운데 하나여야 하므로 06으로 보여 드립니다.",
        "en": "The link's book step {value} is unknown (06, 07 or 08); showing step 06.",
        "ja": "リンクの book の値が不明です：{value}。06、07、08 のいずれかなので、06 を表示します。",
    },
    "b_position": {
        "ko": "{pos} / {total}",
        "en": "{pos} of {total}",
        "ja": "{pos} / {total}",
    },
    "b_phase_inside": {
        "ko": "y.backward() 안",
        "en": "Inside y.backward()",
        "ja": "y.backward() の中",
    },
    "b_forward_links": {
        "ko": "07부터는 이 호출이 참조도 남깁니다: {out}.creator = {F}, {F}.input = {inp}, {F}.output = {out}. 그래프의 점선 화살표가 바로 이 참조입니다.",
        "en": "From step 07 on, this call also leaves references: {out}.creator = {F}, {F}.input = {inp}, {F}.output = {out}. They are the dashed arrows of the graph.",
        "ja": "ステップ7からは、この呼び出しが参照も残します：{out}.creator = {F}、{F}.input = {inp}、{F}.output = {out}。グラフの破線の矢印がその参照です。",
    },
    "b_seed_next": {
        "ko": "이제 y.backward() 한 줄이 backward 호출을 모두 대신 합니다. →를 누르면 그 안에서 실행되는 줄을 하나씩 따라갑니다.",
        "en": "Now the single line y.backward() makes every backward call for you. Press → to follow it line by line.",
        "ja": "ここからは y.backward() の一行が backward の呼び出しをすべて代わりに行います。→ を押すと、その中で実行される行を一行ずつたどります。",
    },
    "b_call_07": {
        "ko": "y.backward()가 시작됩니다. Python은 이 호출을 위해 호출 스택에 프레임 하나를 쌓습니다. 지금 깊이는 1입니다.",
        "en": "y.backward() starts: Python puts a frame for this call on the call stack (depth 1).",
        "ja": "y.backward() が始まります。Python はこの呼び出しのためにコールスタックにフレームを一つ積みます（深さ 1）。",
    },
    "b_call_08": {
        "ko": "y.backward()가 시작됩니다. 07과 달리 이 프레임 하나가 끝까지 모든 일을 합니다.",
        "en": "y.backward() starts. Unlike step 07, this one frame does all the work, to the end.",
        "ja": "y.backward() が始まります。07 と違い、このフレーム一つが最後まですべての仕事をします。",
    },
    "b_creator": {
        "ko": "지금 backward가 실행 중인 변수는 {var}입니다. 그 창조자(creator), 곧 이 변수를 만든 함수는 {F}입니다.",
        "en": "This backward runs for {var}, and {var}'s creator is {F}, the function that made {var}.",
        "ja": "いま backward を実行している変数は {var} で、その生みの親（creator）は {F} です。{var} を作った関数が {F} です。",
    },
    "b_creator_none": {
        "ko": "x.creator는 None입니다. x는 함수가 아니라 여러분이 직접 만든 변수이기 때문입니다. 그래서 if f is not None이 거짓이 되고, 재귀는 여기서 멈춥니다.",
        "en": "x.creator is None, because you made x yourself, not a function. So if f is not None is false, and the recursion stops here.",
        "ja": "x.creator は None です。x は関数ではなく、自分で作った変数だからです。そのため if f is not None が偽になり、再帰はここで止まります。",
    },
    "b_input_07": {
        "ko": "{F}의 입력은 {inp}입니다. 이 프레임 안에서 x가 가리키는 변수도 {inp}입니다.",
        "en": "{F}'s input is {inp}; inside this frame, x means {inp}.",
        "ja": "{F} の入力は {inp} です。このフレームの中では x は {inp} を指します。",
    },
    "b_input_08": {
        "ko": "{F}의 입력은 {inp}, 출력은 {out}입니다. backward 안의 x와 y는 체인의 x, y가 아니라 이 함수의 입력과 출력입니다.",
        "en": "{F}'s input is {inp} and its output {out}. Inside backward, x and y are this function's input and output, not the chain's x and y.",
        "ja": "{F} の入力は {inp}、出力は {out} です。backward の中の x と y はチェーンの x、y ではなく、この関数の入力と出力です。",
    },
    "b_grad": {
        "ko": "자동 코드가 방금 한 호출은 06에서 여러분이 직접 쓴 호출과 똑같은 {manual}입니다(오른쪽에 불이 켜진 줄). 들어온 {out}.grad에 국소적 미분 {F}'({inp})의 값을 곱합니다: {gy} × {d} = {gx}. 곧 {inp}.grad = {gx}입니다.",
        "en": "The automatic code just made {manual}, the very call you typed in step 06 (lit on the right). It multiplies the incoming {out}.grad = {gy} by the local derivative {F}'({inp}) = {d}: {inp}.grad = {gx}.",
        "ja": "自動のコードがいま行った呼び出しは、ステップ6で自分で書いた {manual} とまったく同じです（右で光っている行）。受け取った {out}.grad = {gy} に局所的な微分 {F}'({inp}) = {d} を掛けて、{inp}.grad = {gx} になります。",
    },
    "b_recurse": {
        "ko": "{inp}.backward()를 호출합니다. 같은 코드가 함수 하나 앞에서 처음부터 다시 실행되고, 호출 스택은 {depth}단으로 깊어집니다.",
        "en": "Calls {inp}.backward(). The same code starts again one function further back, and the call stack grows to {depth} frames.",
        "ja": "{inp}.backward() を呼び出します。同じコードが一つ前の関数で最初から実行され、コールスタックは {depth} 段に深くなります。",
    },
    "b_return": {
        "ko": "{var}.backward()가 끝나고 그 프레임이 스택에서 빠집니다(남은 프레임 {depth}개). Python은 {caller}.backward()의 x.backward() 줄로 돌아갑니다.",
        "en": "{var}.backward() ends and its frame leaves the stack ({depth} left): Python returns to the x.backward() line of {caller}.backward().",
        "ja": "{var}.backward() が終わり、そのフレームがスタックから外れます（残り {depth} 個）。Python は {caller}.backward() の x.backward() の行に戻ります。",
    },
    "b_return_top": {
        "ko": "y.backward()가 끝났습니다. x.grad = {value}. 재귀는 변수마다 프레임이 하나씩, 한꺼번에 {frames}개가 필요했습니다.",
        "en": "y.backward() returns: x.grad = {value}. The recursion needed {frames} frames at once, one per variable.",
        "ja": "y.backward() が終わりました：x.grad = {value}。再帰には変数ごとに一つ、同時に {frames} 個のフレームが必要でした。",
    },
    "b_funcs": {
        "ko": "아직 처리할 함수의 리스트입니다. y의 창조자 {F}에서 시작합니다.",
        "en": "The list of functions still to process. It starts with y's creator, {F}.",
        "ja": "これから処理する関数のリストです。y の生みの親 {F} から始まります。",
    },
    "b_pop": {
        "ko": "리스트에서 함수 하나를 꺼냅니다. f = {F}, 이제 funcs = {funcs}.",
        "en": "Takes {F} off the list; now funcs = {funcs}.",
        "ja": "リストから {F} を取り出します。funcs = {funcs} になります。",
    },
    "b_append": {
        "ko": "{inp}.creator는 {F}입니다. funcs.append(x.creator)가 이 함수를 리스트에 넣어 다음 반복에서 처리합니다. funcs = {funcs}.",
        "en": "{inp}.creator is {F}: funcs.append(x.creator) puts it on the list for the next round of the loop. funcs = {funcs}.",
        "ja": "{inp}.creator は {F} です。funcs.append(x.creator) がそれをリストに加え、次の繰り返しで処理します：funcs = {funcs}。",
    },
    "b_no_creator": {
        "ko": "x.creator는 None입니다(x는 여러분이 직접 만든 변수입니다). 아무것도 추가하지 않으므로 funcs는 비어 있습니다.",
        "en": "x.creator is None (you made x yourself): nothing is added, and funcs stays empty.",
        "ja": "x.creator は None です（x は自分で作った変数です）。何も加えないので funcs は空のままです。",
    },
    "b_end": {
        "ko": "리스트가 비었으므로 반복문이 끝나고 y.backward()가 돌아갑니다. x.grad = {value}. 체인이 아무리 길어도 프레임은 처음부터 끝까지 하나였습니다.",
        "en": "The list is empty, so the loop ends and y.backward() returns: x.grad = {value}. However long the chain, one frame did it all.",
        "ja": "リストが空なのでループが終わり、y.backward() が戻ります：x.grad = {value}。チェーンがどれほど長くても、フレームは最初から最後まで一つでした。",
    },
    "b_why08": {
        "ko": "08이 재귀를 반복문으로 바꾸는 이유: 재귀는 함수 하나마다 Python 프레임을 하나씩 쌓는데, Python은 기본적으로 약 1,000단까지만 허용합니다(sys.getrecursionlimit()). 그래서 함수가 1,000개쯤인 체인은 RecursionError로 멈춥니다. 반복문은 리스트 funcs 하나로 얼마든지 깊이 갈 수 있고, 이후 단계의 가지가 갈라지는 그래프(함수의 입력이 여러 개가 되는 step 11 이후, 세대 순서로 funcs를 꺼내는 step 16)로도 그대로 확장됩니다.",
        "en": "Why step 08 replaces the recursion with a loop: the recursion stacks one Python frame per function, and Python allows about 1,000 by default (sys.getrecursionlimit()), so a chain of about 1,000 functions stops with a RecursionError. The loop goes as deep as you like with one list, funcs, and it grows into the branching graphs of the later steps (functions with several inputs from step 11, funcs taken in order of generation in step 16).",
        "ja": "ステップ8が再帰をループに置き換える理由：再帰は関数一つごとに Python のフレームを一つ積みますが、Python が既定で許すのは、sys.getrecursionlimit() が返す約 1,000 段までです。そのため関数が 1,000 個ほどのチェーンは RecursionError で止まります。ループはリスト funcs 一つでどこまでも深く進め、書籍でこの先に出てくる枝分かれするグラフ（関数の入力が複数になるステップ11以降、世代の順に funcs から取り出すステップ16）にもそのまま広げられます。",
    },
    "b_stack_header": {"ko": "호출 스택", "en": "Call stack", "ja": "コールスタック"},
    "b_stack_empty": {
        "ko": "비어 있음: 지금 실행 중인 backward가 없습니다.",
        "en": "Empty: no backward is running.",
        "ja": "空です：実行中の backward はありません。",
    },
    "b_stack_caption": {
        "ko": "위가 가장 바깥 호출이고, 맨 아래가 지금 실행 중인 프레임입니다. 깊이 {depth}.",
        "en": "The outermost call on top; the bottom one is the frame running now. Depth {depth}.",
        "ja": "上がいちばん外側の呼び出し、いちばん下がいま実行中のフレームです。深さは {depth} です。",
    },
    "b_funcs_header": {"ko": "리스트 funcs", "en": "The list funcs", "ja": "リスト funcs"},
    "b_funcs_caption": {
        "ko": "호출 스택에는 y.backward() 프레임 하나뿐입니다. 깊이 {depth}.",
        "en": "The call stack holds the one frame of y.backward(). Depth {depth}.",
        "ja": "コールスタックには y.backward() のフレームが一つだけです。深さは {depth} です。",
    },
    "b_sr_run": {"ko": "방금 실행된 줄", "en": "the line that just ran", "ja": "いま実行された行"},
    "b_sr_lit": {
        "ko": "y.backward()가 방금 한 호출",
        "en": "the call y.backward() just made",
        "ja": "y.backward() がいま行った呼び出し",
    },
    "book_step_07": {"ko": "step 07", "en": "Step 07", "ja": "ステップ7"},
    "book_step_08": {"ko": "step 08", "en": "Step 08", "ja": "ステップ8"},
    "b_source_header": {
        "ko": "{step}의 Variable과 Function",
        "en": "{step}'s Variable and Function",
        "ja": "{step} の Variable と Function",
    },
    "b_program_header": {
        "ko": "{step}의 프로그램",
        "en": "{step}'s program",
        "ja": "{step} のプログラム",
    },
    "b_manual_header": {
        "ko": "step 06의 프로그램: 같은 호출을 손으로",
        "en": "Step 06's program: the same calls by hand",
        "ja": "ステップ6のプログラム：同じ呼び出しを手で",
    },
    "b_code_caption": {
        "ko": "노란 줄이 지금 막 실행된 줄입니다(디버거처럼). 오른쪽 step 06 프로그램에서는 y.backward()가 이미 한 호출에 ✓ 표시가 붙고, 방금 한 호출에 불이 켜집니다.",
        "en": "The yellow line is the line that just ran, as in a debugger. In step 06's program on the right, ✓ marks the calls y.backward() has made, and the one it just made is lit.",
        "ja": "黄色の行がいま実行された行です（デバッガーのように）。右のステップ6のプログラムでは、y.backward() が済ませた呼び出しに ✓ が付き、いま行った呼び出しが光ります。",
    },
}


def t(lang, key, **args):
    """The text for ``key`` in ``lang`` (falls back to English), formatted with ``args``."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**args) if args else text


def from_locale(locale):
    """The UI language for a browser locale such as 'ko-KR' or 'ja' (English otherwise)."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGS else "en"
