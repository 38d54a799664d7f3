"""Every string a user sees, in Korean, English and Japanese: one table, one lookup.

Code (``b.grad = C.backward(y.grad)``), function classes (``Square``) and math stay as the
book prints them, the same in every edition.
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
        "ko": "『밑바닥부터 시작하는 딥러닝 3』 step 06, 수동 역전파를 호출 하나씩 따라가 봅니다.",
        "en": "Deep Learning from Scratch 3, step 06: manual backpropagation, one call at a time.",
        "ja": "『ゼロから作るDeep Learning ❸』ステップ6：手作業の逆伝播を、呼び出し一つずつ。",
    },
    "language": {"ko": "언어", "en": "Language", "ja": "言語"},
    # -- builder (sidebar) -------------------------------------------------------------------
    "input_label": {"ko": "입력 x", "en": "Input x", "ja": "入力 x"},
    "input_help": {
        "ko": "숫자(0.5) 또는 리스트([0.5, 1.0, -2.0]), 2차원은 중첩 리스트. 최대 {limit:,}개 값.",
        "en": "A number (0.5) or a list ([0.5, 1.0, -2.0]); nested lists for 2-D. "
        "At most {limit:,} values.",
        "ja": "数値（0.5）またはリスト（[0.5, 1.0, -2.0]）、2次元は入れ子のリスト。最大 {limit:,} 個の値。",
    },
    "add_header": {"ko": "함수 추가", "en": "Add a function", "ja": "関数を追加"},
    "add_help": {
        "ko": "{name}을(를) 체인 끝에 추가합니다",
        "en": "Append {name} to the end of the chain",
        "ja": "{name} をチェーンの最後に追加します",
    },
    "chain_header": {
        "ko": "체인 ({n} / {limit})",
        "en": "Chain ({n} / {limit})",
        "ja": "チェーン（{n} / {limit}）",
    },
    "chain_empty": {
        "ko": "체인이 비어 있습니다. 위에서 함수를 추가하세요.",
        "en": "The chain is empty: add a function above.",
        "ja": "チェーンが空です。上で関数を追加してください。",
    },
    "chain_pick": {
        "ko": "이동하거나 삭제할 함수를 고르세요",
        "en": "Pick a function to move or remove",
        "ja": "移動または削除する関数を選んでください",
    },
    "move_up": {"ko": "위로 이동", "en": "Move up", "ja": "上へ移動"},
    "move_down": {"ko": "아래로 이동", "en": "Move down", "ja": "下へ移動"},
    "remove": {"ko": "삭제", "en": "Remove", "ja": "削除"},
    "clear": {"ko": "체인 비우기", "en": "Clear chain", "ja": "チェーンを空にする"},
    "limit_reached": {
        "ko": "함수는 최대 {limit}개까지입니다. 추가하려면 먼저 하나를 삭제하세요.",
        "en": "A chain holds at most {limit} functions: remove one to add another.",
        "ja": "関数は最大 {limit} 個までです。追加するには先に一つ削除してください。",
    },
    "steps_reset": {
        "ko": "체인이나 입력이 바뀌어서 단계를 처음으로 되돌렸습니다.",
        "en": "The chain or the input changed, so the steps went back to the start.",
        "ja": "チェーンか入力が変わったので、ステップを最初に戻しました。",
    },
    "presets_header": {"ko": "예제", "en": "Presets", "ja": "例題"},
    "preset_book": {
        "ko": "책의 예제: x = 0.5, Square → Exp → Square",
        "en": "The book's example: x = 0.5, Square → Exp → Square",
        "ja": "本の例：x = 0.5、Square → Exp → Square",
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
        "ko": "오버플로: inf와 nan은 이렇게 보입니다",
        "en": "Overflow: what inf and nan look like",
        "ja": "オーバーフロー：inf と nan の見え方",
    },
    "preset_loaded": {
        "ko": "예제를 불러왔습니다: {name}",
        "en": "Preset loaded: {name}",
        "ja": "例題を読み込みました：{name}",
    },
    # -- input errors ------------------------------------------------------------------------
    "input_empty": {
        "ko": "x가 비어 있습니다. 0.5 같은 숫자나 [0.5, 1.0, -2.0] 같은 리스트를 입력하세요.",
        "en": "x is empty: type a number like 0.5 or a list like [0.5, 1.0, -2.0].",
        "ja": "x が空です。0.5 のような数値か [0.5, 1.0, -2.0] のようなリストを入力してください。",
    },
    "input_too_long": {
        "ko": "입력이 너무 깁니다({length:,}자). 최대 {limit:,}자까지입니다.",
        "en": "The input is too long ({length:,} characters); the limit is {limit:,}.",
        "ja": "入力が長すぎます（{length:,} 文字）。上限は {limit:,} 文字です。",
    },
    "input_nonfinite": {
        "ko": "x는 유한한 숫자여야 합니다(nan, inf, 1e309 같은 값은 쓸 수 없습니다). "
        "inf와 nan이 생기는 모습은 '오버플로' 예제에서 볼 수 있습니다.",
        "en": "x must be finite (nan, inf and numbers like 1e309 can't be used). "
        "To see inf and nan appear, open the 'Overflow' preset.",
        "ja": "x は有限の数でなければなりません（nan、inf、1e309 などは使えません）。"
        "inf と nan が現れる様子は「オーバーフロー」の例題で見られます。",
    },
    "input_too_deep": {
        "ko": "리스트가 너무 깊게 중첩되어 있습니다(최대 {limit}단계).",
        "en": "The lists are nested too deeply (at most {limit} levels).",
        "ja": "リストの入れ子が深すぎます（最大 {limit} 段）。",
    },
    "input_not_number": {
        "ko": "x를 숫자로 읽을 수 없습니다. 0.5 같은 숫자나 [0.5, 1.0, -2.0] 같은 리스트를 입력하세요.",
        "en": "x is not a number: type a number like 0.5 or a list like [0.5, 1.0, -2.0].",
        "ja": "x を数値として読めません。0.5 のような数値か [0.5, 1.0, -2.0] のようなリストを入力してください。",
    },
    "input_not_numbers": {
        "ko": "리스트에는 숫자만 넣을 수 있습니다(문자열, True/False 불가).",
        "en": "A list may hold numbers only (no strings, no True/False).",
        "ja": "リストには数値だけを入れられます（文字列や True/False は不可）。",
    },
    "input_empty_list": {
        "ko": "빈 리스트입니다. 숫자를 하나 이상 넣으세요.",
        "en": "The list is empty: put at least one number in it.",
        "ja": "空のリストです。数値を一つ以上入れてください。",
    },
    "input_too_many": {
        "ko": "값이 너무 많습니다({count:,}개). 최대 {limit:,}개까지입니다.",
        "en": "Too many values ({count:,}); the limit is {limit:,}.",
        "ja": "値が多すぎます（{count:,} 個）。上限は {limit:,} 個です。",
    },
    "input_ragged": {
        "ko": "중첩 리스트의 각 행은 길이가 같아야 합니다. 예: [[1, 2], [3, 4]].",
        "en": "Every row of a nested list must have the same length, e.g. [[1, 2], [3, 4]].",
        "ja": "入れ子のリストの各行は同じ長さでなければなりません。例：[[1, 2], [3, 4]]。",
    },
    "input_kept": {
        "ko": "이전 값 x = {x}을(를) 계속 사용합니다.",
        "en": "Still using the previous x = {x}.",
        "ja": "前の値 x = {x} を使い続けます。",
    },
    # -- URL warnings ------------------------------------------------------------------------
    "url_bad_lang": {
        "ko": "링크의 언어 {value}을(를) 알 수 없어 기본 언어를 사용합니다.",
        "en": "The link's language {value} is unknown; using the default language.",
        "ja": "リンクの言語「{value}」は不明なので、既定の言語を使います。",
    },
    "url_too_many": {
        "ko": "링크에 함수가 {count:,}개 있습니다(최대 {limit}개). 책의 예제 체인을 대신 보여 줍니다.",
        "en": "The link holds {count:,} functions (at most {limit}); showing the book's chain instead.",
        "ja": "リンクに関数が {count:,} 個あります（最大 {limit} 個）。代わりに本の例のチェーンを表示します。",
    },
    "url_unknown_function": {
        "ko": "링크의 함수 {name}을(를) 알 수 없어 책의 예제 체인을 대신 보여 줍니다.",
        "en": "The link names an unknown function {name}; showing the book's chain instead.",
        "ja": "リンクの関数「{name}」は不明なので、代わりに本の例のチェーンを表示します。",
    },
    "url_bad_input": {
        "ko": "링크의 입력 x를 쓸 수 없어 x = 0.5를 사용합니다. {reason}",
        "en": "The link's input x can't be used, so x = 0.5. {reason}",
        "ja": "リンクの入力 x は使えないので x = 0.5 にします。{reason}",
    },
    "url_bad_view": {
        "ko": "링크의 보기 {value}을(를) 알 수 없어 기본 보기를 사용합니다.",
        "en": "The link's view {value} is unknown; showing the default view.",
        "ja": "リンクの表示「{value}」は不明なので、既定の表示にします。",
    },
    "url_bad_step": {
        "ko": "링크의 단계 {value}은(는) 0부터 {total} 사이의 정수가 아니어서 처음부터 시작합니다.",
        "en": "The link's step {value} is not a whole number from 0 to {total}; starting at the beginning.",
        "ja": "リンクのステップ「{value}」は 0 から {total} までの整数ではないので、最初から始めます。",
    },
    # -- stepping ----------------------------------------------------------------------------
    "next": {"ko": "다음 호출", "en": "Next call", "ja": "次の呼び出し"},
    "back": {"ko": "한 단계 뒤로", "en": "Step back", "ja": "一つ戻る"},
    "run_end": {"ko": "끝까지 실행", "en": "Run to end", "ja": "最後まで実行"},
    "reset": {"ko": "처음으로", "en": "Reset", "ja": "最初に戻す"},
    "keys_help": {
        "ko": "키보드: → 다음 호출, ← 한 단계 뒤로",
        "en": "Keyboard: → next call, ← step back",
        "ja": "キーボード：→ 次の呼び出し、← 一つ戻る",
    },
    "position": {
        "ko": "호출 {pos} / {total}",
        "en": "Call {pos} of {total}",
        "ja": "呼び出し {pos} / {total}",
    },
    "phase_forward": {"ko": "순전파", "en": "Forward pass", "ja": "順伝播"},
    "phase_backward": {"ko": "역전파", "en": "Backward pass", "ja": "逆伝播"},
    "next_is": {"ko": "다음: {code}", "en": "Next: {code}", "ja": "次：{code}"},
    "start_explain": {
        "ko": "아직 아무 호출도 하지 않았습니다. 변수는 x뿐이고, 함수 {functions}은(는) 만들어졌지만 "
        "아직 호출되지 않았습니다. '다음 호출'을 누르거나 → 키를 누르세요.",
        "en": "No call made yet: only x exists, and the functions {functions} are created but not "
        "called. Press 'Next call' or the → key.",
        "ja": "まだ何も呼び出していません。変数は x だけで、関数 {functions} は作られましたが、"
        "まだ呼ばれていません。「次の呼び出し」か → キーを押してください。",
    },
    "explain_forward": {
        "ko": "순전파: {F} = {op}()이(가) 입력 {inp}.data = {x}을(를) 받아 새 변수 {out}을(를) 만듭니다. "
        "{out}.data = {y}.",
        "en": "Forward: {F} = {op}() takes {inp}.data = {x} and makes a new variable {out}, "
        "with {out}.data = {y}.",
        "ja": "順伝播：{F} = {op}() が入力 {inp}.data = {x} を受け取り、新しい変数 {out} を作ります。"
        "{out}.data = {y}。",
    },
    "explain_seed": {
        "ko": "역전파의 시작: y.grad = 1 (dy/dy = 1). 출력에서 출발해 미분을 거꾸로 전달합니다. "
        "이 줄이 없으면 y.grad는 None이라 첫 backward 호출이 실패합니다.",
        "en": "Backprop starts here: y.grad = 1 (dy/dy = 1). Gradients flow back from the output. "
        "Without this line y.grad is None and the first backward call fails.",
        "ja": "逆伝播の出発点：y.grad = 1（dy/dy = 1）。出力から逆向きに微分を伝えます。"
        "この行がないと y.grad は None のままで、最初の backward 呼び出しが失敗します。",
    },
    "explain_backward": {
        "ko": "역전파: {F}.backward는 들어온 {out}.grad = {gy}에 국소 미분 {F}'({inp}) = {d}을(를) "
        "곱합니다. {inp}.grad = {gx} (= dy/d{inp}).",
        "en": "Backward: {F}.backward multiplies the incoming {out}.grad = {gy} by the local "
        "derivative {F}'({inp}) = {d}, so {inp}.grad = {gx} (= dy/d{inp}).",
        "ja": "逆伝播：{F}.backward は受け取った {out}.grad = {gy} に局所的な微分 {F}'({inp}) = {d} を"
        "掛けます。{inp}.grad = {gx}（= dy/d{inp}）。",
    },
    "done": {
        "ko": "역전파 완료: x.grad = {value}",
        "en": "Backward pass complete: x.grad = {value}",
        "ja": "逆伝播が完了：x.grad = {value}",
    },
    "manual_header": {
        "ko": "직접 호출하기",
        "en": "Make a call yourself",
        "ja": "自分で呼び出す",
    },
    "manual_help": {
        "ko": "책에서는 backward 호출을 한 줄씩 손으로 씁니다. 아무 호출이나 골라 보세요. "
        "순서가 틀리면 파이썬에서처럼 실패합니다.",
        "en": "In the book every backward call is written by hand. Pick any of them: a call in "
        "the wrong order fails, just as it would in Python.",
        "ja": "本では backward の呼び出しを一行ずつ手で書きます。好きな呼び出しを選んでください。"
        "順序が違えば Python と同じように失敗します。",
    },
    "err_missing_seed": {
        "ko": "{call}에는 {needed}.grad가 필요한데 {needed}.grad는 아직 None입니다. "
        "역전파는 시작값에서 출발합니다: 책에서는 backward를 부르기 전에 {producer} "
        "(dy/dy = 1)로 초기화합니다. 아무것도 바뀌지 않았습니다.",
        "en": "{call} needs {needed}.grad, but {needed}.grad is still None. Backprop starts from "
        "the seed: the book sets {producer} (dy/dy = 1) before any backward call. "
        "Nothing was changed.",
        "ja": "{call} には {needed}.grad が必要ですが、{needed}.grad はまだ None です。"
        "逆伝播は出発点から始まります：本では backward を呼ぶ前に {producer}（dy/dy = 1）と"
        "設定します。何も変わっていません。",
    },
    "err_missing_grad": {
        "ko": "{call}에는 {needed}.grad가 필요한데 {needed}.grad는 아직 None입니다. "
        "{needed}.grad는 {producer}이(가) 계산하니 그 호출을 먼저 하세요. 아무것도 바뀌지 않았습니다.",
        "en": "{call} needs {needed}.grad, but {needed}.grad is still None. It is computed by "
        "{producer}: make that call first. Nothing was changed.",
        "ja": "{call} には {needed}.grad が必要ですが、{needed}.grad はまだ None です。"
        "{needed}.grad は {producer} が計算するので、先にその呼び出しをしてください。"
        "何も変わっていません。",
    },
    "err_forward_first": {
        "ko": "{code}을(를) 하려면 먼저 순전파가 필요합니다. {forward}이(가) 아직 실행되지 않았습니다.",
        "en": "{code} needs the forward pass first: {forward} has not run yet.",
        "ja": "{code} の前に順伝播が必要です。{forward} がまだ実行されていません。",
    },
    "repeat_call": {
        "ko": "{code}은(는) 이미 했습니다. 같은 값 {value}을(를) 다시 계산할 뿐, 아무것도 바뀌지 않습니다.",
        "en": "{code} was already made: it computes the same {value} again, and nothing changes.",
        "ja": "{code} はもう実行済みです。同じ値 {value} をもう一度計算するだけで、何も変わりません。",
    },
    "need_chain": {
        "ko": "함수를 하나 이상 추가하면 그래프와 단계가 나타납니다.",
        "en": "Add at least one function to see the graph and the steps.",
        "ja": "関数を一つ以上追加すると、グラフとステップが表示されます。",
    },
    # -- graph -------------------------------------------------------------------------------
    "view_label": {"ko": "그래프", "en": "Graph", "ja": "グラフ"},
    "view_stacked": {
        "ko": "순전파와 역전파 (그림 5-5)",
        "en": "Forward over backward (Fig. 5-5)",
        "ja": "順伝播と逆伝播（図5-5）",
    },
    "view_code": {
        "ko": "코드로 본 역전파 (그림 6-2)",
        "en": "Backward in code (Fig. 6-2)",
        "ja": "コードで見る逆伝播（図6-2）",
    },
    "view_forward": {
        "ko": "순전파와 함수 클래스 (그림 6-1)",
        "en": "Forward with classes (Fig. 6-1)",
        "ja": "順伝播と関数クラス（図6-1）",
    },
    "graph_alt": {
        "ko": "계산 그래프: {chain}",
        "en": "Computational graph: {chain}",
        "ja": "計算グラフ：{chain}",
    },
    "nonfinite_warning": {
        "ko": "유한하지 않은 값(inf 또는 nan)이 있습니다: ⚠ 표시를 보세요. "
        "float64의 한계(약 1.8e308)를 넘으면 inf가 되고, inf - inf나 0 × inf는 nan이 됩니다.",
        "en": "Some values are not finite (inf or nan): look for the ⚠ marks. A float64 "
        "overflows to inf past about 1.8e308, and inf - inf or 0 × inf give nan.",
        "ja": "有限でない値（inf または nan）があります：⚠ 印を見てください。float64 は約 1.8e308 を"
        "超えると inf になり、inf - inf や 0 × inf は nan になります。",
    },
    # -- code, math, table -------------------------------------------------------------------
    "code_header": {"ko": "프로그램", "en": "Program", "ja": "プログラム"},
    "code_next": {"ko": "← 다음", "en": "← next", "ja": "← 次"},
    "code_caption": {
        "ko": "✓ 표시는 이미 실행한 줄, ← 다음 은 다음에 실행할 줄입니다.",
        "en": "✓ marks the lines already run; ← next marks the line that runs next.",
        "ja": "✓ は実行済みの行、← 次 は次に実行する行です。",
    },
    "math_header": {"ko": "연쇄 법칙", "en": "Chain rule", "ja": "連鎖律"},
    "math_caption": {
        "ko": "역전파 호출마다 국소 미분 하나가 곱해집니다. 누적 곱이 곧 각 변수의 grad입니다.",
        "en": "Each backward call multiplies in one local derivative; the running product is "
        "each variable's grad.",
        "ja": "backward の呼び出しごとに局所的な微分が一つ掛けられます。累積の積が各変数の grad です。",
    },
    "math_element": {
        "ko": "x가 배열이므로 원소 {index}의 값을 보여 줍니다. 모든 원소가 같은 방식으로 따로 계산됩니다.",
        "en": "x is an array: the numbers are those of element {index}; every element is "
        "computed the same way, separately.",
        "ja": "x が配列なので、要素 {index} の値を示します。どの要素も同じように別々に計算されます。",
    },
    "table_header": {"ko": "변수", "en": "Variables", "ja": "変数"},
    "col_name": {"ko": "이름", "en": "name", "ja": "名前"},
    "col_made_by": {"ko": "만든 함수", "en": "made by", "ja": "作った関数"},
    "col_data": {"ko": "data", "en": "data", "ja": "data"},
    "col_grad": {"ko": "grad", "en": "grad", "ja": "grad"},
    "col_flags": {"ko": "경고", "en": "flags", "ja": "警告"},
    "made_by_input": {"ko": "입력", "en": "input", "ja": "入力"},
    "not_yet": {"ko": "아직 없음", "en": "not yet", "ja": "まだない"},
    "flag_overflow": {"ko": "오버플로", "en": "overflow", "ja": "オーバーフロー"},
    "flag_invalid": {"ko": "잘못된 연산(nan)", "en": "invalid (nan)", "ja": "無効な演算（nan）"},
    "flag_divide": {"ko": "0으로 나눔", "en": "divide by zero", "ja": "ゼロ除算"},
    "flag_nonfinite": {"ko": "유한하지 않음", "en": "not finite", "ja": "有限でない"},
    # -- projector and predict modes ---------------------------------------------------------
    "check_wait": {
        "ko": "역전파를 끝까지 마치면 x.grad를 수치 미분(step 04의 numerical_diff)과 비교합니다. 미리 보여 주면 답을 알려 주는 셈이니까요.",
        "en": "Once the backward pass is complete, x.grad is compared here with the numerical derivative (step 04's numerical_diff). Shown earlier, it would give the answer away.",
        "ja": "逆伝播を最後まで終えると、ここで x.grad を数値微分（ステップ4の numerical_diff）と比べます。先に見せると答えを教えてしまうからです。",
    },
    "projector": {"ko": "프로젝터 모드", "en": "Projector mode", "ja": "プロジェクターモード"},
    "projector_off": {
        "ko": "프로젝터 모드 끄기 (체인 편집)",
        "en": "Leave projector mode (edit the chain)",
        "ja": "プロジェクターモードを終了（チェーンを編集）",
    },
    "projector_help": {
        "ko": "교실 뒷줄에서도 읽을 수 있게 그래프, 코드, 수식을 크게 보여 주고 부가 패널은 접어 둡니다.",
        "en": "Large graph, code and math that the back row of a classroom can read; secondary panels are tucked away.",
        "ja": "教室の後ろの席からも読めるように、グラフ・コード・数式を大きく表示し、補助的なパネルはしまっておきます。",
    },
    "predict": {"ko": "예측한 뒤 확인", "en": "Predict, then reveal", "ja": "予想してから確認"},
    "predict_help": {
        "ko": "역전파의 각 호출 전에 다음 grad 값을 예측해 입력합니다. 상대 오차 0.1% 안이면 정답입니다.",
        "en": "Before each backward call, type the value you expect for the next grad. Within 0.1% (relative) counts as right.",
        "ja": "逆伝播の各呼び出しの前に、次の grad の値を予想して入力します。相対誤差 0.1% 以内なら正解です。",
    },
    "predict_prompt": {
        "ko": "{code}을(를) 실행하기 전에: {target}은(는) 얼마가 될까요?",
        "en": "Before {code} runs: what will {target} be?",
        "ja": "{code} を実行する前に：{target} はいくつになるでしょう？",
    },
    "predict_label": {
        "ko": "{target}의 예측값",
        "en": "Your value for {target}",
        "ja": "{target} の予想値",
    },
    "predict_button": {"ko": "확인하고 공개", "en": "Check and reveal", "ja": "確認して表示"},
    "predict_skip": {
        "ko": "추측 없이 공개",
        "en": "Reveal without guessing",
        "ja": "予想せずに表示",
    },
    "predict_right": {
        "ko": "정답입니다! {target} = {value}",
        "en": "Right! {target} = {value}",
        "ja": "正解です！{target} = {value}",
    },
    "predict_wrong": {
        "ko": "아쉽습니다. 예측은 {guess}, 실제 {target} = {value}입니다.",
        "en": "Not quite: you said {guess}, and {target} = {value}.",
        "ja": "惜しい！予想は {guess}、実際は {target} = {value} です。",
    },
    "predict_score": {
        "ko": "점수: {right} / {asked}",
        "en": "Score: {right} / {asked}",
        "ja": "スコア：{right} / {asked}",
    },
    "predict_hint": {
        "ko": "힌트: {target} = {F}'({inp}) × {out}.grad, 그리고 {out}.grad = {gy}.",
        "en": "Hint: {target} = {F}'({inp}) × {out}.grad, and {out}.grad = {gy}.",
        "ja": "ヒント：{target} = {F}'({inp}) × {out}.grad、そして {out}.grad = {gy}。",
    },
    "predict_seed_hint": {
        "ko": "힌트: y를 y로 미분하면 얼마일까요?",
        "en": "Hint: what is the derivative of y with respect to y itself?",
        "ja": "ヒント：y を y 自身で微分するといくつでしょう？",
    },
    "predict_shape": {
        "ko": "예측은 숫자 하나이거나 모양이 {shape}인 배열이어야 합니다.",
        "en": "A prediction is one number or an array of shape {shape}.",
        "ja": "予想は数値一つか、形が {shape} の配列でなければなりません。",
    },
    "url_bad_option": {
        "ko": "링크의 옵션 {name}={value}은(는) 0이나 1이 아니어서 끈 상태로 둡니다.",
        "en": "The link's option {name}={value} is not 0 or 1, so it is off.",
        "ja": "リンクのオプション {name}={value} は 0 でも 1 でもないので、オフにします。",
    },
    "keys_help_projector": {
        "ko": "키보드: → 또는 Space 다음 호출, ← 한 단계 뒤로",
        "en": "Keyboard: → or Space next call, ← step back",
        "ja": "キーボード：→ または Space で次の呼び出し、← で一つ戻る",
    },
    # -- exports, gradient check, tangent plot (issue 4) --
    "exports_header": {"ko": "내보내기", "en": "Export", "ja": "エクスポート"},
    "dl_dot": {
        "ko": "이 단계의 그래프 (.gv, Graphviz DOT)",
        "en": "This step's graph (.gv, Graphviz DOT)",
        "ja": "このステップのグラフ（.gv、Graphviz DOT）",
    },
    "dl_svg": {"ko": "이 단계를 SVG로", "en": "This step as SVG", "ja": "このステップを SVG で"},
    "dl_png": {"ko": "이 단계를 PNG로", "en": "This step as PNG", "ja": "このステップを PNG で"},
    "dl_zip": {
        "ko": "모든 단계를 SVG로 (zip)",
        "en": "Every step as SVGs (zip)",
        "ja": "全ステップを SVG で（zip）",
    },
    "dl_zip_help": {
        "ko": "SVG 파일 {count}개: 0단계(시작)부터 {last}단계까지, 앱에서 한 단계씩 넘기며 보는 그림과 같습니다.",
        "en": "{count} SVG files, from step 0 (the start) to step {last}: the pictures you see stepping through the app.",
        "ja": "SVG ファイル {count} 個：ステップ 0（開始）からステップ {last} まで、アプリで一つずつ進めたときの図と同じです。",
    },
    "dl_py": {
        "ko": "이 세션을 실행 가능한 .py로",
        "en": "The session as a runnable .py",
        "ja": "このセッションを実行できる .py で",
    },
    "dl_py_help": {
        "ko": "책의 step 06 코드 그대로이며 numpy만 있으면 됩니다. python {file} 을 실행하면 여기와 같은 x.grad를 출력합니다.",
        "en": "The book's step-06 code; it needs numpy only. python {file} prints the same x.grad as here.",
        "ja": "本のステップ6のコードそのままで、numpy だけで動きます。python {file} を実行すると、ここと同じ x.grad を表示します。",
    },
    "no_renderer": {
        "ko": "SVG, PNG, zip 내려받기에는 Graphviz 렌더러가 필요한데 이 서버에서 찾지 못했습니다. pip install -r requirements.txt 로 설치됩니다 (graphviz-pure). .gv 파일은 어떤 Graphviz 도구로도 열 수 있습니다.",
        "en": "SVG, PNG and zip downloads need a Graphviz renderer, and none was found on this server: pip install -r requirements.txt installs one (graphviz-pure). The .gv file opens in any Graphviz tool.",
        "ja": "SVG・PNG・zip のダウンロードには Graphviz のレンダラーが必要ですが、このサーバーでは見つかりませんでした。pip install -r requirements.txt でインストールされます（graphviz-pure）。.gv ファイルはどの Graphviz ツールでも開けます。",
    },
    "check_header": {"ko": "기울기 확인", "en": "Gradient check", "ja": "勾配確認"},
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
        "ko": "역전파 (x.grad)",
        "en": "backprop (x.grad)",
        "ja": "逆伝播（x.grad）",
    },
    "check_col_numerical": {"ko": "수치 미분", "en": "numerical", "ja": "数値微分"},
    "check_col_abs": {"ko": "절대 오차", "en": "absolute error", "ja": "絶対誤差"},
    "check_col_rel": {"ko": "상대 오차", "en": "relative error", "ja": "相対誤差"},
    "check_central": {
        "ko": "수치 미분은 step 04의 중앙 차분 (f(x + eps) − f(x − eps)) / (2 · eps), eps = {eps} 입니다. 체인을 순전파로 두 번 계산할 뿐 역전파는 쓰지 않습니다. 여기의 함수는 모두 원소별로 작용하므로 중앙 차분 한 번으로 x의 모든 원소를 확인합니다.",
        "en": "The numerical derivative is step 04's central difference, (f(x + eps) − f(x − eps)) / (2 · eps) with eps = {eps}: the chain runs forward twice and backward not at all. Every function here acts elementwise, so one central difference checks every element of x at once.",
        "ja": "数値微分はステップ4の中心差分 (f(x + eps) − f(x − eps)) / (2 · eps)、eps = {eps} です。チェーンを順伝播で2回計算するだけで、逆伝播は使いません。ここの関数はどれも要素ごとに作用するので、1回の中心差分で x のすべての要素を確かめられます。",
    },
    "check_why_tiny": {
        "ko": "오차가 아주 작은 이유: 중앙 차분의 오차는 약 eps² / 6 · f‴(x) 이고 eps² = 1e-8 입니다. 반올림 오차는 약 1e-16 · |y| / eps 가 더해집니다. 역전파는 정확한 국소 미분을 곱하므로 반올림 오차 말고는 정확합니다. 상대 오차가 1e-8 정도 이하면 backward가 맞고, backward가 틀리면 1 가까운 오차가 나옵니다.",
        "en": "Why the error is so small: the central difference is off by about eps² / 6 · f‴(x), and eps² = 1e-8; rounding adds about 1e-16 · |y| / eps. Backprop multiplies exact local derivatives, so it is exact up to rounding. A relative error around 1e-8 or below means backward is right; a wrong backward gives errors near 1.",
        "ja": "誤差がとても小さい理由：中心差分の誤差はおよそ eps² / 6 · f‴(x) で、eps² = 1e-8 です。丸め誤差がおよそ 1e-16 · |y| / eps 加わります。逆伝播は正確な局所的な微分を掛けるので、丸め誤差を除けば正確です。相対誤差が 1e-8 程度以下なら backward は正しく、backward が間違っていれば 1 に近い誤差になります。",
    },
    "check_rows_limited": {
        "ko": "원소 {total:,}개 중 처음 {shown:,}개만 보여 줍니다.",
        "en": "Showing the first {shown:,} of {total:,} elements.",
        "ja": "{total:,} 個の要素のうち、最初の {shown:,} 個だけを表示しています。",
    },
    "check_nonfinite": {
        "ko": "inf나 nan인 값이 있습니다 (오버플로, 또는 함수의 정의역 밖의 값). 그 원소의 오차는 의미가 없습니다.",
        "en": "Some values are inf or nan (an overflow, or a value outside a function's domain): the error means nothing there.",
        "ja": "inf や nan の値があります（オーバーフロー、または関数の定義域の外の値）。その要素の誤差には意味がありません。",
    },
    "tangent_header": {"ko": "x0에서의 접선", "en": "The tangent at x0", "ja": "x0 での接線"},
    "tangent_wait_backward": {
        "ko": "접선 그래프는 역전파가 끝나 x.grad가 계산된 뒤에 나타납니다.",
        "en": "The tangent plot appears once the backward pass is complete and x.grad is known.",
        "ja": "接線のグラフは、逆伝播が終わって x.grad が求まった後に表示されます。",
    },
    "tangent_wait_scalar": {
        "ko": "접선 그래프는 x가 스칼라일 때만 그립니다. 배열이면 원소마다 곡선이 하나씩 있기 때문입니다.",
        "en": "The tangent plot is drawn for a scalar x only: an array has one curve per element.",
        "ja": "接線のグラフは x がスカラーのときだけ描きます。配列では要素ごとに曲線が一つずつあるからです。",
    },
    "tangent_nonfinite": {
        "ko": "x0에서 y나 x.grad가 유한하지 않아(inf 또는 nan) 그릴 접선이 없습니다.",
        "en": "y or x.grad is not finite (inf or nan) at x0, so there is no tangent to draw.",
        "ja": "x0 で y か x.grad が有限でない（inf または nan）ので、描く接線がありません。",
    },
    "tangent_caption": {
        "ko": "x0 = {x0} 근처의 y(x)와, 점 (x0, y0) = ({x0}, {y0}) 을 지나는 직선 y0 + x.grad · (x − x0). 그 기울기가 x.grad = {grad} 입니다. 역전파가 구하는 것은 바로 이 접선의 기울기입니다.",
        "en": "y(x) near x0 = {x0}, and the line y0 + x.grad · (x − x0) through (x0, y0) = ({x0}, {y0}). Its slope is x.grad = {grad}: backprop computes exactly the slope of this tangent.",
        "ja": "x0 = {x0} の近くの y(x) と、点 (x0, y0) = ({x0}, {y0}) を通る直線 y0 + x.grad · (x − x0)。その傾きが x.grad = {grad} です。逆伝播が求めているのは、まさにこの接線の傾きです。",
    },
    "tangent_range": {
        "ko": "x 범위: {lo} ~ {hi}. 곡선이 유한하고 곡선과 접선이 모두 y0에서 10 · (|y0| + 1) 이내에 머물 때까지 x0 주위로 범위를 좁힙니다.",
        "en": "x from {lo} to {hi}: the range shrinks around x0 until the curve is finite and both the curve and the tangent stay within 10 · (|y0| + 1) of y0.",
        "ja": "x の範囲：{lo} 〜 {hi}。曲線が有限で、曲線と接線がどちらも y0 から 10 · (|y0| + 1) 以内に収まるまで、x0 のまわりで範囲を狭めます。",
    },
    "tangent_curve": {"ko": "y(x)", "en": "y(x)", "ja": "y(x)"},
    "tangent_line": {
        "ko": "접선 (기울기 x.grad)",
        "en": "tangent (slope x.grad)",
        "ja": "接線（傾き x.grad）",
    },
    "tangent_series": {"ko": "곡선", "en": "curve", "ja": "曲線"},
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
