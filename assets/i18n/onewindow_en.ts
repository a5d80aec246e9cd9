<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>OneWindow</name>
    <message>
      <source>工作人员帮办登录</source>
      <translation>Staff sign-in to assist</translation>
    </message>
    <message>
      <source>仅限大厅工作人员：用本人工作账号登录后，帮助群众在本机办理。</source>
      <translation>Hall staff only: sign in with your own staff account to help a citizen at this kiosk.</translation>
    </message>
    <message>
      <source>工作账号</source>
      <translation>Staff account</translation>
    </message>
    <message>
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <source>登录帮办</source>
      <translation>Sign in to assist</translation>
    </message>
    <message>
      <source>回首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>返回</source>
      <translation>Back</translation>
    </message>
    <message>
      <source>请将身份证放在读卡区</source>
      <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
      <source>证件放平，不要移动，读卡约需2秒。没有身份证请到人工窗口办理。</source>
      <translation>Lay the card flat and keep it still; reading takes about 2 seconds. Without an ID card, please go to a staffed window.</translation>
    </message>
    <message>
      <source>演示：放入样例身份证</source>
      <translation>Demo: insert a sample ID card</translation>
    </message>
    <message>
      <source>证明已打印</source>
      <translation>Certificate printed</translation>
    </message>
    <message>
      <source>请取回身份证</source>
      <translation>Please take your ID card</translation>
    </message>
    <message>
      <source>完成，返回首页</source>
      <translation>Done, back to the home screen</translation>
    </message>
    <message>
      <source>用证单位可扫描证明上的二维码，或在核验页面输入验证码核验真伪。</source>
      <translation>Whoever receives it can scan the QR code on the certificate, or enter the verification code on the verification page, to check that it is genuine.</translation>
    </message>
    <message>
      <source>《%s》已在A4打印机打印，请在出纸口取走。</source>
      <translation>“%s” has been printed on the A4 printer. Please take it from the paper tray.</translation>
    </message>
    <message>
      <source>验证码：%s</source>
      <translation>Verification code: %s</translation>
    </message>
    <message>
      <source>本次服务已记录，编号 %s。</source>
      <translation>This service has been recorded under number %s.</translation>
    </message>
    <message>
      <source>证明预览</source>
      <translation>Certificate preview</translation>
    </message>
    <message>
      <source>打印证明（A4纸）</source>
      <translation>Print certificate (A4)</translation>
    </message>
    <message>
      <source>正在打印，请稍候……</source>
      <translation>Printing, please wait…</translation>
    </message>
    <message>
      <source>请核对内容，然后点“打印证明”。用证单位可扫描证明上的二维码核验真伪。</source>
      <translation>Please check the contents, then tap “Print certificate”. Whoever receives it can scan its QR code to check that it is genuine.</translation>
    </message>
    <message>
      <source>A4打印机暂时不能打印，请到人工窗口打印证明。</source>
      <translation>The A4 printer cannot print right now. Please ask at a staffed window for the certificate.</translation>
    </message>
    <message>
      <source>证明暂时不能打印，请稍后再试，或到人工窗口办理。</source>
      <translation>The certificate cannot be printed right now. Please try again later or go to a staffed window.</translation>
    </message>
    <message>
      <source>有效期至：%s</source>
      <translation>Valid until: %s</translation>
    </message>
    <message>
      <source>证明打印需要联网查询，网络暂时不通。您可以先打印这项业务的办事指南，或到人工窗口办理。</source>
      <translation>Printing a certificate needs the network, which is down at the moment. You can print this service's guide instead, or go to a staffed window.</translation>
    </message>
    <message>
      <source>证明打印</source>
      <translation>Print certificates</translation>
    </message>
    <message>
      <source>打印办事指南</source>
      <translation>Print the guide</translation>
    </message>
    <message>
      <source>正在查询证明，请稍候……</source>
      <translation>Looking up your certificate, please wait…</translation>
    </message>
    <message>
      <source>正在打印办事指南……</source>
      <translation>Printing the guide…</translation>
    </message>
    <message>
      <source>办事指南暂时无法打印，请到人工窗口领取。</source>
      <translation>The guide cannot be printed right now. Please ask for it at a staffed window.</translation>
    </message>
    <message>
      <source>请选择要打印的证明，打印在A4纸上，加盖电子印章</source>
      <translation>Choose the certificate to print: on A4 paper, with an electronic seal</translation>
    </message>
    <message>
      <source>没有查到您的这项证明。请到人工窗口咨询，或拨打 12345。</source>
      <translation>No such certificate was found for you. Please ask at a staffed window or call 12345.</translation>
    </message>
    <message>
      <source>办事指南已打印，请取走。联网后可再来打印证明。</source>
      <translation>The guide has been printed, please take it. Come back for the certificate once the network is up.</translation>
    </message>
    <message>
      <source>预约签到成功，已为您优先排队</source>
      <translation>Checked in for your appointment: you are in the priority queue</translation>
    </message>
    <message>
      <source>预约签到</source>
      <translation>Appointment check-in</translation>
    </message>
    <message>
      <source>也可以用扫码枪扫描预约二维码</source>
      <translation>Or scan the appointment QR code with the scanner</translation>
    </message>
    <message>
      <source>已预约的市民：刷身份证或扫描预约二维码签到，按时签到可优先叫号</source>
      <translation>Booked an appointment? Check in with your ID card or the appointment QR code; on time, you are called first</translation>
    </message>
    <message>
      <source>刷身份证</source>
      <translation>Use ID card</translation>
    </message>
    <message>
      <source>扫预约二维码</source>
      <translation>Scan appointment QR code</translation>
    </message>
    <message>
      <source>请把预约二维码（手机或打印件）对准扫描区，认出后自动签到</source>
      <translation>Hold the appointment QR code (phone or printout) over the scan area; check-in starts once it is read</translation>
    </message>
    <message>
      <source>这个二维码不是预约二维码，请换一个，或刷身份证签到</source>
      <translation>This is not an appointment QR code. Try another one, or check in with your ID card</translation>
    </message>
    <message>
      <source>点“返回”选择业务类别即可取普通号。</source>
      <translation>Tap "Back" and choose a service type to take a normal ticket.</translation>
    </message>
    <message>
      <source>告知承诺书：请阅读后签名</source>
      <translation>Letter of commitment: please read, then sign</translation>
    </message>
    <message>
      <source>确认签署</source>
      <translation>Sign</translation>
    </message>
    <message>
      <source>请确认办件信息</source>
      <translation>Please confirm your application</translation>
    </message>
    <message>
      <source>请核对以下信息，无误后点“确认提交”。个人信息已部分隐藏。</source>
      <translation>Please check the details below, then touch “Confirm and submit”. Personal details are partly hidden.</translation>
    </message>
    <message>
      <source>窗口取件</source>
      <translation>Pick up at the window</translation>
    </message>
    <message>
      <source>快递送达（免费）</source>
      <translation>Delivery by express (free)</translation>
    </message>
    <message>
      <source>缺少的证明可以用告知承诺代替：点这里阅读并签名</source>
      <translation>A missing proof may be replaced by a signed commitment: tap here to read and sign</translation>
    </message>
    <message>
      <source>确认提交</source>
      <translation>Confirm and submit</translation>
    </message>
    <message>
      <source>申请人</source>
      <translation>Applicant</translation>
    </message>
    <message>
      <source>材料</source>
      <translation>Materials</translation>
    </message>
    <message>
      <source>取件方式：</source>
      <translation>Collection method:</translation>
    </message>
    <message>
      <source>已签署告知承诺书（点这里重新签署）</source>
      <translation>Commitment signed (tap here to sign again)</translation>
    </message>
    <message>
      <source>请输入快递地址</source>
      <translation>Please type the delivery address</translation>
    </message>
    <message>
      <source>办理项</source>
      <translation>Service</translation>
    </message>
    <message>
      <source>一并办理的事项</source>
      <translation>Items applied for together</translation>
    </message>
    <message>
      <source>代办人</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>申请表</source>
      <translation>Application form</translation>
    </message>
    <message>
      <source>您的回答</source>
      <translation>Your answers</translation>
    </message>
    <message>
      <source>请填写快递地址</source>
      <translation>Please enter the delivery address</translation>
    </message>
    <message>
      <source>读卡获取</source>
      <translation>From the card read</translation>
    </message>
    <message>
      <source>寄到身份证地址（%s）；寄往别处请在这里输入</source>
      <translation>Sent to the address on your ID card (%s); to send elsewhere, type the address here</translation>
    </message>
    <message>
      <source>以告知承诺代替（已签名）</source>
      <translation>replaced by a signed commitment</translation>
    </message>
    <message>
      <source>已扫描 %n 页</source>
      <translation>%n page(s) scanned</translation>
    </message>
    <message>
      <source>未提交</source>
      <translation>Not submitted</translation>
    </message>
    <message>
      <source>根据《中华人民共和国个人信息保护法》，公民身份号码和人脸照片属于敏感个人信息，需要您的同意才能读取。不同意也可以到人工窗口办理。</source>
      <translation>Under the Personal Information Protection Law of the PRC, ID numbers and face photos are sensitive personal information and are read only with your consent. If you do not agree, you can apply at a staffed window.</translation>
    </message>
    <message>
      <source>读取哪些信息</source>
      <translation>What is read</translation>
    </message>
    <message>
      <source>身份证上的姓名、性别、民族、出生日期、住址、公民身份号码和照片。</source>
      <translation>From your ID card: name, sex, ethnic group, date of birth, address, ID number and photo.</translation>
    </message>
    <message>
      <source>为什么读取</source>
      <translation>Why</translation>
    </message>
    <message>
      <source>用于核验您的身份、自动填写申请表，并办理您选择的事项；不作其他用途。</source>
      <translation>To check who you are, fill in the application form for you and handle the service you choose; for nothing else.</translation>
    </message>
    <message>
      <source>保存多久</source>
      <translation>How long it is kept</translation>
    </message>
    <message>
      <source>谁能看到</source>
      <translation>Who sees it</translation>
    </message>
    <message>
      <source>只有受理和审批您办件的工作人员。屏幕上的个人信息默认部分隐藏，只在您按住“显示”按钮时完整显示。</source>
      <translation>Only the staff who take in and decide your application. On screen your personal details are partly hidden, and shown in full only while you hold the “Show” button.</translation>
    </message>
    <message>
      <source>读取身份证前，请阅读个人信息告知</source>
      <translation>Before your ID card is read: how your personal information is used</translation>
    </message>
    <message>
      <source>不同意（返回首页）</source>
      <translation>I do not agree (back to start)</translation>
    </message>
    <message>
      <source>同意</source>
      <translation>I agree</translation>
    </message>
    <message>
      <source>本机加密保存，办件上报政务服务中心后再保留 %n 天即自动删除；办件材料由受理部门按档案管理规定保存。</source>
      <translation>Kept encrypted on this kiosk and deleted automatically %n days after your application reaches the service centre; the department keeps your application as its archive rules require.</translation>
    </message>
    <message>
      <source>提交成功</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>正在打印回执……</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <source>回执暂时无法打印，办件已保存。请记下受理编号，到人工窗口补打。</source>
      <translation>The receipt cannot be printed right now; your application is saved. Please note the receipt number and ask a staffed window to reprint it.</translation>
    </message>
    <message>
      <source>即将返回首页。</source>
      <translation>Returning to the home screen shortly.</translation>
    </message>
    <message>
      <source>受理编号</source>
      <translation>Receipt number</translation>
    </message>
    <message>
      <source>办理事项</source>
      <translation>Service</translation>
    </message>
    <message>
      <source>承诺办结日期</source>
      <translation>Promised completion date</translation>
    </message>
    <message>
      <source>%n个事项</source>
      <translation>%n items</translation>
    </message>
    <message>
      <source>有材料需要补正，请按回执上的期限补交。</source>
      <translation>Some materials must still be supplied; please hand them in by the deadline on the receipt.</translation>
    </message>
    <message>
      <source>您签署的告知承诺书一并打印，请取走保管。</source>
      <translation>Your signed letter of commitment is printed too; please take it and keep it.</translation>
    </message>
    <message>
      <source>请核对并填写申请表</source>
      <translation>Please check and complete the application form</translation>
    </message>
    <message>
      <source>下一步：扫描材料</source>
      <translation>Next: scan materials</translation>
    </message>
    <message>
      <source>刷的是申请人本人的身份证；替别人办理请点“代他人办理”</source>
      <translation>The card read is the applicant's own; applying for someone else? Touch “For someone else”</translation>
    </message>
    <message>
      <source>您是代办人：请填写申请人的信息</source>
      <translation>You are the agent: type the applicant's details</translation>
    </message>
    <message>
      <source>本人办理</source>
      <translation>For myself</translation>
    </message>
    <message>
      <source>代他人办理</source>
      <translation>For someone else</translation>
    </message>
    <message>
      <source>办事指南</source>
      <translation>Service guide</translation>
    </message>
    <message>
      <source>请回答以下问题，确定您需要的材料</source>
      <translation>Answer these questions to see the materials you need</translation>
    </message>
    <message>
      <source>我要办理</source>
      <translation>Apply</translation>
    </message>
    <message>
      <source>打印一次性告知书</source>
      <translation>Print the one-time notice</translation>
    </message>
    <message>
      <source>一次性告知书暂时无法打印，请到人工窗口领取。</source>
      <translation>The one-time notice cannot be printed just now: please ask for it at a staffed window.</translation>
    </message>
    <message>
      <source>正在打印一次性告知书……</source>
      <translation>Printing the one-time notice…</translation>
    </message>
    <message>
      <source>下一步：填写申请表</source>
      <translation>Next: fill in the application form</translation>
    </message>
    <message>
      <source>我要办理（刷身份证）</source>
      <translation>Apply (read ID card)</translation>
    </message>
    <message>
      <source>请先回答上面的问题</source>
      <translation>Please answer the questions above first</translation>
    </message>
    <message>
      <source>一次性告知书已打印，请取走。</source>
      <translation>The one-time notice has been printed; please take it.</translation>
    </message>
    <message>
      <source>也可以“一件事”一次办理：%s</source>
      <translation>Also as one application (一件事): %s</translation>
    </message>
    <message>
      <source>当场办结</source>
      <translation>Completed on the spot</translation>
    </message>
    <message>
      <source>无需到现场（零跑动）</source>
      <translation>no visit needed (zero visits)</translation>
    </message>
    <message>
      <source>最多跑一次</source>
      <translation>one visit at most</translation>
    </message>
    <message>
      <source>办理地点和时间</source>
      <translation>Place and hours</translation>
    </message>
    <message>
      <source>无特别条件</source>
      <translation>No special conditions</translation>
    </message>
    <message>
      <source>电子版</source>
      <translation>electronic copy</translation>
    </message>
    <message>
      <source>非必需</source>
      <translation>Optional</translation>
    </message>
    <message>
      <source>申请材料</source>
      <translation>Required materials</translation>
    </message>
    <message>
      <source>咨询电话</source>
      <translation>Enquiries</translation>
    </message>
    <message>
      <source>%d个工作日</source>
      <translation>%d working days</translation>
    </message>
    <message>
      <source>申请条件</source>
      <translation>Who may apply</translation>
    </message>
    <message>
      <source>可告知承诺</source>
      <translation>Written commitment allowed</translation>
    </message>
    <message>
      <source>可用电子证照</source>
      <translation>Electronic licence accepted</translation>
    </message>
    <message>
      <source>办理流程</source>
      <translation>Process</translation>
    </message>
    <message>
      <source>设定依据</source>
      <translation>Legal basis</translation>
    </message>
    <message>
      <source>办理地点</source>
      <translation>Place</translation>
    </message>
    <message>
      <source>原件%n份</source>
      <translation>%n original(s)</translation>
    </message>
    <message>
      <source>复印件%n份</source>
      <translation>%n photocopy(ies)</translation>
    </message>
    <message>
      <source>示例样本</source>
      <translation>Sample</translation>
    </message>
    <message>
      <source>按您的情形需要的材料</source>
      <translation>Materials for your situation</translation>
    </message>
    <message>
      <source>视情形提交（回答上面的问题后列出您需要的）</source>
      <translation>Depending on your situation (answer the questions above to see which)</translation>
    </message>
    <message>
      <source>本指南所列材料之外，不要求申请人提交其他证明材料。</source>
      <translation>No materials beyond those listed in this guide are required.</translation>
    </message>
    <message>
      <source>办理时间</source>
      <translation>Hours</translation>
    </message>
    <message>
      <source>本事项可实行告知承诺，部分证明可由申请人书面承诺代替。</source>
      <translation>Notification and commitment applies: some proofs may be replaced by a written commitment.</translation>
    </message>
    <message>
      <source>办理时限与收费</source>
      <translation>Time limits and fees</translation>
    </message>
    <message>
      <source>承诺时限</source>
      <translation>Promised time limit</translation>
    </message>
    <message>
      <source>一件事：一次申请，一表填报，材料只交一次</source>
      <translation>One thing, one application: one form for all, each material handed in once</translation>
    </message>
    <message>
      <source>本次一并办理的事项（%n项）</source>
      <translation>Items applied for together (%n)</translation>
    </message>
    <message>
      <source>可容缺后补</source>
      <translation>may be supplied later</translation>
    </message>
    <message>
      <source>法定时限</source>
      <translation>Statutory time limit</translation>
    </message>
    <message>
      <source>收费</source>
      <translation>Fee</translation>
    </message>
    <message>
      <source>到现场次数</source>
      <translation>Visits needed</translation>
    </message>
    <message>
      <source>不收费</source>
      <translation>Free of charge</translation>
    </message>
    <message>
      <source>实施机关</source>
      <translation>Department</translation>
    </message>
    <message>
      <source>一件事编码</source>
      <translation>Bundle code</translation>
    </message>
    <message>
      <source>事项编码</source>
      <translation>Item code</translation>
    </message>
    <message>
      <source>事项类型</source>
      <translation>Item type</translation>
    </message>
    <message>
      <source>查看办事指南无需身份证；办理时再刷身份证，最多跑一次</source>
      <translation>Guides need no ID card; read your card only when you apply</translation>
    </message>
    <message>
      <source>欢迎使用政务服务自助终端</source>
      <translation>Welcome to the government services self-service kiosk</translation>
    </message>
    <message>
      <source>办事指南
不用身份证</source>
      <translation>Guides
no ID card</translation>
    </message>
    <message>
      <source>读卡器暂不可用
请到人工窗口</source>
      <translation>Card reader down
please go to a window</translation>
    </message>
    <message>
      <source>我要办理
请刷身份证</source>
      <translation>Apply
with your ID card</translation>
    </message>
    <message>
      <source>退出长辈模式</source>
      <translation>Leave senior mode</translation>
    </message>
    <message>
      <source>进度查询</source>
      <translation>Track progress</translation>
    </message>
    <message>
      <source>补交材料</source>
      <translation>Hand in documents</translation>
    </message>
    <message>
      <source>咨询投诉 12345</source>
      <translation>Hotline 12345</translation>
    </message>
    <message>
      <source>取号</source>
      <translation>Take a number</translation>
    </message>
    <message>
      <source>办事指南
查看要带的材料，无需身份证</source>
      <translation>Service guides
What to bring, no ID card needed</translation>
    </message>
    <message>
      <source>读卡器暂不可用，请到人工窗口办理</source>
      <translation>The card reader is unavailable; please go to a staffed window</translation>
    </message>
    <message>
      <source>我要办理
刷身份证 开始办事</source>
      <translation>Apply
Read your ID card to start</translation>
    </message>
    <message>
      <source>长辈模式：大字、高对比、语音引导</source>
      <translation>Senior mode: large text, high contrast, voice</translation>
    </message>
    <message>
      <source>进度查询
扫回执二维码或刷身份证</source>
      <translation>Track progress
Scan the receipt's QR code or use your ID card</translation>
    </message>
    <message>
      <source>补交材料
容缺受理后补交、补正</source>
      <translation>Hand in documents
missing or asked-for documents</translation>
    </message>
    <message>
      <source>咨询投诉
12345 咨询、投诉、建议、求助</source>
      <translation>Ask or complain
12345: questions, complaints, ideas, help</translation>
    </message>
    <message>
      <source>证明打印
刷身份证 自助打印证明</source>
      <translation>Print certificates
Read your ID card, print it yourself</translation>
    </message>
    <message>
      <source>取号排队
无需身份证</source>
      <translation>Take a queue number
no ID card needed</translation>
    </message>
    <message>
      <source>12345 咨询投诉：请告诉我们您的诉求</source>
      <translation>12345: tell us your question or complaint</translation>
    </message>
    <message>
      <source>同意工作人员按此号码回电</source>
      <translation>I agree to be called back on this number</translation>
    </message>
    <message>
      <source>刷身份证（以后可凭身份证查看答复）</source>
      <translation>Read my ID card (to find the answer by card later)</translation>
    </message>
    <message>
      <source>查看已有工单的答复</source>
      <translation>Answers to my tickets</translation>
    </message>
    <message>
      <source>提交并打印工单</source>
      <translation>Submit and print the ticket</translation>
    </message>
    <message>
      <source>不清楚，由工作人员分派</source>
      <translation>Not sure: staff will route it</translation>
    </message>
    <message>
      <source>不选</source>
      <translation>None</translation>
    </message>
    <message>
      <source>已收到您的诉求</source>
      <translation>We have your request</translation>
    </message>
    <message>
      <source>正在打印工单……</source>
      <translation>Printing the ticket…</translation>
    </message>
    <message>
      <source>工单未打印，已保存；请记下工单编号和校验码。</source>
      <translation>The ticket was not printed but is saved; please note its number and check code.</translation>
    </message>
    <message>
      <source>诉求类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>相关部门（可不选）</source>
      <translation>Department (optional)</translation>
    </message>
    <message>
      <source>相关事项（可不选）</source>
      <translation>Service (optional)</translation>
    </message>
    <message>
      <source>诉求内容（点这里，用拼音或手写输入）</source>
      <translation>What it is about (touch here; type with pinyin or by handwriting)</translation>
    </message>
    <message>
      <source>回电号码（可不填）</source>
      <translation>Callback number (optional)</translation>
    </message>
    <message>
      <source>请先选择诉求类型：咨询、投诉、建议或求助</source>
      <translation>Please choose a type first: question, complaint, suggestion or request for help</translation>
    </message>
    <message>
      <source>工单编号</source>
      <translation>Ticket number</translation>
    </message>
    <message>
      <source>校验码</source>
      <translation>Check code</translation>
    </message>
    <message>
      <source>答复期限</source>
      <translation>Answer due by</translation>
    </message>
    <message>
      <source>凭工单编号和校验码，可在这里点“咨询投诉”查看答复并评价。</source>
      <translation>With the ticket number and check code, touch “Ask or complain” here to read the answer and rate it.</translation>
    </message>
    <message>
      <source>工单已打印，请取走。</source>
      <translation>The ticket is printed; please take it.</translation>
    </message>
    <message>
      <source>已读取身份证：%s，可凭身份证查看答复</source>
      <translation>ID card read: %s; the answer can be found by card</translation>
    </message>
    <message>
      <source>回电号码</source>
      <translation>Callback number</translation>
    </message>
    <message>
      <source>打印机暂不可用，工单已保存；请记下工单编号和校验码。</source>
      <translation>The printer is not available; the ticket is saved. Please note its number and check code.</translation>
    </message>
    <message>
      <source>查看12345工单答复</source>
      <translation>Answers to 12345 tickets</translation>
    </message>
    <message>
      <source>查询</source>
      <translation>Look up</translation>
    </message>
    <message>
      <source>刷身份证查询我的工单</source>
      <translation>My tickets by ID card</translation>
    </message>
    <message>
      <source>查询其他工单</source>
      <translation>Look up another ticket</translation>
    </message>
    <message>
      <source>请对这次答复进行评价</source>
      <translation>Please rate this answer</translation>
    </message>
    <message>
      <source>没有查到用这张身份证提交的工单</source>
      <translation>No tickets were taken with this ID card</translation>
    </message>
    <message>
      <source>已答复</source>
      <translation>Answered</translation>
    </message>
    <message>
      <source>办理中</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>感谢您的评价。</source>
      <translation>Thank you for your rating.</translation>
    </message>
    <message>
      <source>承办部门</source>
      <translation>Department</translation>
    </message>
    <message>
      <source>答复</source>
      <translation>Answer</translation>
    </message>
    <message>
      <source>正在办理，尚未答复。答复期限：</source>
      <translation>In progress, not answered yet. Answer due by: </translation>
    </message>
    <message>
      <source>马上办</source>
      <translation>Done at once</translation>
    </message>
    <message>
      <source>网上办</source>
      <translation>Online</translation>
    </message>
    <message>
      <source>一次办</source>
      <translation>One visit</translation>
    </message>
    <message>
      <source>零跑动</source>
      <translation>Zero visits</translation>
    </message>
    <message>
      <source>出生</source>
      <translation>Birth</translation>
    </message>
    <message>
      <source>上学</source>
      <translation>School</translation>
    </message>
    <message>
      <source>就业</source>
      <translation>Work</translation>
    </message>
    <message>
      <source>创业</source>
      <translation>Business</translation>
    </message>
    <message>
      <source>结婚</source>
      <translation>Marriage</translation>
    </message>
    <message>
      <source>安家置业</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>出行</source>
      <translation>Travel</translation>
    </message>
    <message>
      <source>退休</source>
      <translation>Retirement</translation>
    </message>
    <message>
      <source>养老助残</source>
      <translation>Elderly and disability</translation>
    </message>
    <message>
      <source>按窗口类别</source>
      <translation>By window</translation>
    </message>
    <message>
      <source>按人生事件</source>
      <translation>By life event</translation>
    </message>
    <message>
      <source>按办理方式</source>
      <translation>By how it is done</translation>
    </message>
    <message>
      <source>一件事联办</source>
      <translation>Bundles</translation>
    </message>
    <message>
      <source>您好，%s（%s）</source>
      <translation>Hello, %s (%s)</translation>
    </message>
    <message>
      <source>搜索：名称、关键词或拼音首字母（如 hj）</source>
      <translation>Search: name, keyword or pinyin initials (e.g. hj)</translation>
    </message>
    <message>
      <source>清空</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>一次申请，同时办理 %n 个事项</source>
      <translation>One application for %n items</translation>
    </message>
    <message>
      <source>没有找到，请换个词试试，或按类别查找</source>
      <translation>Nothing found. Try another word, or browse by category</translation>
    </message>
    <message>
      <source>选择事项</source>
      <translation>Choose a service</translation>
    </message>
    <message>
      <source>请选择要办理的事项</source>
      <translation>Please choose the service you need</translation>
    </message>
    <message>
      <source>一件事</source>
      <translation>Bundle</translation>
    </message>
    <message>
      <source>找到 %n 个事项</source>
      <translation>%n items found</translation>
    </message>
    <message>
      <source>共 %n 个“一件事”，一次申请办理多个事项</source>
      <translation>%n bundles: one application for several items</translation>
    </message>
    <message>
      <source>共 %n 个事项，点击查看办事指南</source>
      <translation>%n items; tap one to read its guide</translation>
    </message>
    <message>
      <source>正在查询……</source>
      <translation>Looking up…</translation>
    </message>
    <message>
      <source>凭受理回执或身份证查询办理进度，无需登录</source>
      <translation>Track your case with the acceptance receipt or your ID card; no sign-in</translation>
    </message>
    <message>
      <source>扫描回执二维码</source>
      <translation>Scan the receipt's QR code</translation>
    </message>
    <message>
      <source>输入受理编号</source>
      <translation>Type the receipt number</translation>
    </message>
    <message>
      <source>刷身份证查询</source>
      <translation>Use my ID card</translation>
    </message>
    <message>
      <source>请把受理回执平放在扫描区，二维码朝上；认出后自动查询</source>
      <translation>Lay the acceptance receipt flat in the scanning area, QR code up; it is looked up as soon as it is read</translation>
    </message>
    <message>
      <source>请将身份证放在读卡区。身份证只用于查找您的办件，不会保存。</source>
      <translation>Place your ID card on the reader. It is only used to find your cases and is not kept.</translation>
    </message>
    <message>
      <source>这个二维码不是受理回执的二维码，请换一张回执或输入受理编号</source>
      <translation>This QR code is not an acceptance receipt's; try another receipt or type the receipt number</translation>
    </message>
    <message>
      <source>已提交，等待上传</source>
      <translation>Submitted, waiting to be uploaded</translation>
    </message>
    <message>
      <source>已收件，等待受理</source>
      <translation>Received, waiting for acceptance</translation>
    </message>
    <message>
      <source>已受理，正在审查</source>
      <translation>Accepted, under review</translation>
    </message>
    <message>
      <source>不予受理</source>
      <translation>Not accepted</translation>
    </message>
    <message>
      <source>已办结，请到窗口取件</source>
      <translation>Decided: please collect the result at a window</translation>
    </message>
    <message>
      <source>已出件</source>
      <translation>Handed out</translation>
    </message>
    <message>
      <source>办理状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>查询结果</source>
      <translation>Results</translation>
    </message>
    <message>
      <source>办理部门</source>
      <translation>Department</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>暂时无法连接后台：下面只是本机办理的办件，其他终端和窗口的办件请稍后再查。</source>
      <translation>The back office cannot be reached right now: below are only the cases taken at this kiosk; look again later for cases of other devices and windows.</translation>
    </message>
    <message>
      <source>待补正材料</source>
      <translation>Materials to supply later</translation>
    </message>
    <message>
      <source>补齐材料后方可出件。</source>
      <translation>The result is handed over once the missing materials are supplied.</translation>
    </message>
    <message>
      <source>请携带受理回执和申请人身份证原件到综合窗口取件，任一大厅均可。</source>
      <translation>Bring the acceptance receipt and the applicant's original ID card to a service window in any hall to collect the result.</translation>
    </message>
    <message>
      <source>没有查到您的办件。</source>
      <translation>No cases of yours were found.</translation>
    </message>
    <message>
      <source>没有查到这个办件。</source>
      <translation>This case was not found.</translation>
    </message>
    <message>
      <source>查到 %n 件办件，请点选查看详情。</source>
      <translation>%n cases found; tap one for its details.</translation>
    </message>
    <message>
      <source>输入受理编号和校验码</source>
      <translation>Type the receipt number and check code</translation>
    </message>
    <message>
      <source>受理编号，如 FS01-K01-20261124-0007</source>
      <translation>Receipt number, e.g. FS01-K01-20261124-0007</translation>
    </message>
    <message>
      <source>校验码（二维码下方，8位）</source>
      <translation>Check code (under the QR code, 8 characters)</translation>
    </message>
    <message>
      <source>选择左侧的材料，放到镜头下：画面稳定后会自动拍摄，也可以点“拍摄”。</source>
      <translation>Choose a material on the left and place it under the camera: it captures automatically once the picture is steady, or tap "Capture".</translation>
    </message>
    <message>
      <source>请将材料平放在扫描区</source>
      <translation>Please lay the material flat in the scanning area</translation>
    </message>
    <message>
      <source>下一步：确认提交</source>
      <translation>Next: confirm and submit</translation>
    </message>
    <message>
      <source>暂缺，稍后补交</source>
      <translation>Missing: hand in later</translation>
    </message>
    <message>
      <source>已标记为暂缺：提交后请在补正期限前补交（窗口或自助终端“补交材料”）。</source>
      <translation>Marked as missing: after you submit, hand it in by its deadline (at a window or with "Hand in documents" on a kiosk).</translation>
    </message>
    <message>
      <source>撤销暂缺</source>
      <translation>Undo missing</translation>
    </message>
    <message>
      <source>已撤销暂缺，请拍摄这份材料。</source>
      <translation>No longer missing: please scan this document.</translation>
    </message>
    <message>
      <source>请将要补交的材料平放在扫描区</source>
      <translation>Lay the documents to hand in flat on the scanning area</translation>
    </message>
    <message>
      <source>选择左侧的材料，放到镜头下拍摄；拍完要补交的材料后点“提交”。</source>
      <translation>Choose a document on the left and put it under the camera; when the documents are scanned, tap "Submit".</translation>
    </message>
    <message>
      <source>提交并打印补正回执</source>
      <translation>Submit and print the receipt</translation>
    </message>
    <message>
      <source>补交材料：</source>
      <translation>Hand in documents: </translation>
    </message>
    <message>
      <source>补交成功</source>
      <translation>Documents handed in</translation>
    </message>
    <message>
      <source>继续补交其他办件</source>
      <translation>Hand in for another application</translation>
    </message>
    <message>
      <source>材料已补齐，承诺时限从今天起计算。</source>
      <translation>The documents are complete; the promised time limit counts from today.</translation>
    </message>
    <message>
      <source>补正回执未打印。材料已保存，请到人工窗口补打。</source>
      <translation>The receipt was not printed. The documents are saved; a staffed window can print it again.</translation>
    </message>
    <message>
      <source>正在打印补正回执…</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <source>已收到补交的材料。还需补交：%s。补齐材料后方可取件。</source>
      <translation>The documents were received. Still to hand in: %s. The result can be collected once everything is in.</translation>
    </message>
    <message>
      <source>补正回执已打印，请取走并与受理回执一起保管。</source>
      <translation>The receipt is printed: please take it and keep it with your application receipt.</translation>
    </message>
    <message>
      <source>材料已补齐，承诺时限从今天起计算，预计 %d 前办结。</source>
      <translation>The documents are complete; the promised time limit counts from today: done by %d.</translation>
    </message>
    <message>
      <source>补正回执将在打印机恢复后打印；材料已保存。</source>
      <translation>The receipt will print once the printer is back; the documents are saved.</translation>
    </message>
    <message>
      <source>刷身份证查找
列出您需要补交材料的办件</source>
      <translation>Find with your ID card
your applications that need documents</translation>
    </message>
    <message>
      <source>校验码（二维码下方的8位字母和数字）</source>
      <translation>Check code (8 letters and digits under the QR code)</translation>
    </message>
    <message>
      <source>查找</source>
      <translation>Find</translation>
    </message>
    <message>
      <source>或者输入受理回执上的受理编号和校验码</source>
      <translation>Or type the receipt number and check code from your application receipt</translation>
    </message>
    <message>
      <source>没有找到需要您补交材料的办件。材料已齐全的，无需补交。</source>
      <translation>No application of yours needs documents. Where the documents are complete, nothing needs handing in.</translation>
    </message>
    <message>
      <source>老年人</source>
      <translation>Senior</translation>
    </message>
    <message>
      <source>残疾人</source>
      <translation>Disabled</translation>
    </message>
    <message>
      <source>孕妇</source>
      <translation>Pregnant</translation>
    </message>
    <message>
      <source>军人</source>
      <translation>Military</translation>
    </message>
    <message>
      <source>正在连接大厅叫号系统……</source>
      <translation>Connecting to the hall's queue…</translation>
    </message>
    <message>
      <source>正在取号，请稍候……</source>
      <translation>Taking your number, please wait…</translation>
    </message>
    <message>
      <source>正在打印号票……</source>
      <translation>Printing your ticket…</translation>
    </message>
    <message>
      <source>号票没能打印出来，这个号不会被叫到。请到服务台人工取号。</source>
      <translation>The ticket could not be printed and this number will not be called. Please ask at the service desk.</translation>
    </message>
    <message>
      <source>（离线取号，号码有效）</source>
      <translation> (issued offline; the number is valid)</translation>
    </message>
    <message>
      <source>暂时不能取号，请到服务台人工取号。</source>
      <translation>Numbers cannot be taken right now. Please ask at the service desk.</translation>
    </message>
    <message>
      <source>请选择要办理的业务类别，号票会打印出来</source>
      <translation>Choose the kind of service; your ticket will be printed</translation>
    </message>
    <message>
      <source>大厅叫号服务器暂时连不上：本机用预留的号码继续取号，号票上会注明。</source>
      <translation>The hall's queue server cannot be reached: this kiosk issues numbers it keeps in reserve, marked on the ticket.</translation>
    </message>
    <message>
      <source>请取走号票，留意叫号。前面还有 {n} 人。</source>
      <translation>Please take your ticket and listen for your number. {n} waiting before you.</translation>
    </message>
    <message>
      <source>预计等候约 {m} 分钟。</source>
      <translation> Expected wait about {m} minutes.</translation>
    </message>
    <message>
      <source>欢迎使用政务服务自助终端。看要带什么材料，请点办事指南；要办理，请点我要办理</source>
      <translation>Welcome to the government service kiosk. To see which documents to bring, tap Service guides; to apply, tap Apply.</translation>
    </message>
    <message>
      <source>读取身份证前，请阅读个人信息告知，同意请点同意</source>
      <translation>Before your ID card is read, please read how your personal information is used, and touch I agree if you agree</translation>
    </message>
    <message>
      <source>请选择事项，可以按类别找，也可以在上方搜索</source>
      <translation>Choose a service: browse by category, or search at the top.</translation>
    </message>
    <message>
      <source>请看办事指南，了解要带的材料，然后点击下一步填写申请表</source>
      <translation>Read the service guide to see which documents you need, then tap Next to fill in the application form.</translation>
    </message>
    <message>
      <source>请核对并填写申请表，带星号的必须填写，然后点击下一步</source>
      <translation>Check and fill in the application form. Fields marked with a star are required. Then tap Next.</translation>
    </message>
    <message>
      <source>请将材料平放在扫描区，点击拍摄，每份材料拍完后点击下一步</source>
      <translation>Lay the document flat in the scanning area and tap Capture. When every document is done, tap Next.</translation>
    </message>
    <message>
      <source>请核对办件信息，无误后点击确认提交</source>
      <translation>Check the application details. If everything is right, tap Confirm and submit.</translation>
    </message>
    <message>
      <source>请阅读告知承诺书，同意的话请用手指在签名框内签名，然后点击确认签署</source>
      <translation>Please read the letter of commitment. If you agree, sign in the box with your finger, then tap Sign</translation>
    </message>
    <message>
      <source>提交成功，请取回身份证，取走回执，凭回执可查询办理进度</source>
      <translation>Submitted. Please take your ID card and the receipt; the receipt lets you check the progress</translation>
    </message>
    <message>
      <source>补交材料：请点刷身份证查找，或输入受理回执上的受理编号和校验码</source>
      <translation>Hand in documents: tap Find with your ID card, or type the receipt number and check code from your receipt</translation>
    </message>
    <message>
      <source>请选择左侧的材料，平放在扫描区拍摄，拍完后点击提交</source>
      <translation>Choose a document on the left, lay it flat on the scanning area, and tap Submit when done</translation>
    </message>
    <message>
      <source>补交成功，请取走补正回执，与受理回执一起保管</source>
      <translation>Documents handed in. Please take the receipt and keep it with your application receipt</translation>
    </message>
    <message>
      <source>请选择诉求类型，写下您的诉求，然后点击提交并打印工单</source>
      <translation>Choose the type, write your request, then touch Submit and print the ticket</translation>
    </message>
    <message>
      <source>已收到您的诉求，请取走工单，凭工单编号和校验码查看答复</source>
      <translation>We have your request. Please take the ticket; its number and check code show you the answer</translation>
    </message>
    <message>
      <source>请输入工单编号和校验码后点击查询，或者刷身份证查询</source>
      <translation>Type the ticket number and check code and touch Look up, or read your ID card</translation>
    </message>
    <message>
      <source>请选择要打印的证明</source>
      <translation>Choose the certificate to print</translation>
    </message>
    <message>
      <source>请选择要办理的业务类别取号</source>
      <translation>Choose the kind of service to take a number</translation>
    </message>
    <message>
      <source>预约签到：请点刷身份证，或把预约二维码对准扫描区</source>
      <translation>Appointment check-in: tap Use ID card, or hold the appointment QR code over the scan area</translation>
    </message>
    <message>
      <source>请核对证明内容，无误后点击打印证明</source>
      <translation>Please check the certificate, then tap Print certificate</translation>
    </message>
    <message>
      <source>证明已打印，请在出纸口取走证明，并取回身份证</source>
      <translation>The certificate is printed. Please take it from the paper tray, and take your ID card</translation>
    </message>
    <message>
      <source>请把受理回执的二维码放在扫描区，或输入受理编号，也可以刷身份证查询</source>
      <translation>Put the acceptance receipt's QR code in the scanning area, type the receipt number, or use your ID card</translation>
    </message>
    <message>
      <source>请输入受理编号和回执二维码下方的校验码，然后点查询</source>
      <translation>Type the receipt number and the check code under the receipt's QR code, then tap Look up</translation>
    </message>
    <message>
      <source>这是查询结果，点一件办件可以看详细进度</source>
      <translation>These are the results; tap a case to see its progress in detail</translation>
    </message>
    <message>
      <source>还没有画面，请稍候再拍，或联系工作人员。</source>
      <translation>No picture yet; please wait a moment and try again, or ask staff for help.</translation>
    </message>
    <message>
      <source>已拍摄 %n 页。可继续拍下一页，或选择下一份材料。</source>
      <translation>%n page(s) captured. Capture the next page, or choose the next material.</translation>
    </message>
    <message>
      <source>回执已打印，请取走。凭回执可查询办理进度。</source>
      <translation>Your receipt has been printed; please take it. Use it to track your application.</translation>
    </message>
    <message>
      <source>回执未打印。办件已保存，请凭受理编号到人工窗口补打。</source>
      <translation>Receipt not printed. Your application is saved; please ask a staffed window to reprint it with your receipt number.</translation>
    </message>
    <message>
      <source>一窗通 · 政务服务自助终端</source>
      <translation>OneWindow · Government Services Self-Service Kiosk</translation>
    </message>
    <message>
      <source>工作人员帮办</source>
      <translation>Assist</translation>
    </message>
    <message>
      <source>结束帮办</source>
      <translation>End assist</translation>
    </message>
    <message>
      <source>一窗通</source>
      <translation>OneWindow</translation>
    </message>
    <message>
      <source>帮办</source>
      <translation>Assisted by</translation>
    </message>
    <message>
      <source>长时间无操作，%d 秒后将清除本次信息并返回首页。触摸屏幕继续办理。</source>
      <translation>No activity for a while: in %d seconds this session will be cleared and the kiosk returns home. Touch the screen to continue.</translation>
    </message>
    <message>
      <source>一窗通 · 服务评价</source>
      <translation>OneWindow · Rate our service</translation>
    </message>
    <message>
      <source>您好，欢迎办理。办理完成后，请在这里对我们的服务进行评价。</source>
      <translation>Welcome. When your matter is done, please rate our service here.</translation>
    </message>
    <message>
      <source>窗口暂停服务</source>
      <translation>This window is closed for now</translation>
    </message>
    <message>
      <source>经办人</source>
      <translation>Clerk</translation>
    </message>
    <message>
      <source>值班长登录名</source>
      <translation>Supervisor's login</translation>
    </message>
    <message>
      <source>确认</source>
      <translation>Acknowledging</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>待上报</source>
      <translation>Waiting to upload</translation>
    </message>
    <message>
      <source>已上报</source>
      <translation>Uploaded</translation>
    </message>
    <message>
      <source>已受理</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>待取件</source>
      <translation>Ready for pickup</translation>
    </message>
    <message>
      <source>新的受理</source>
      <translation>New intake</translation>
    </message>
    <message>
      <source>办件列表</source>
      <translation>Cases</translation>
    </message>
    <message>
      <source>打印记录</source>
      <translation>Print log</translation>
    </message>
    <message>
      <source>出件</source>
      <translation>Pickup</translation>
    </message>
    <message>
      <source>12345</source>
      <translation>12345</translation>
    </message>
    <message>
      <source>12345 咨询投诉（窗口登记）</source>
      <translation>12345 questions and complaints (taken at the window)</translation>
    </message>
    <message>
      <source>叫号</source>
      <translation>Calling</translation>
    </message>
    <message>
      <source>%n 分钟</source>
      <translation>%n min</translation>
    </message>
    <message>
      <source>叫下一位</source>
      <translation>Call next</translation>
    </message>
    <message>
      <source>重呼</source>
      <translation>Recall</translation>
    </message>
    <message>
      <source>过号</source>
      <translation>No-show</translation>
    </message>
    <message>
      <source>开始办理</source>
      <translation>Start service</translation>
    </message>
    <message>
      <source>结束办理</source>
      <translation>End service</translation>
    </message>
    <message>
      <source>直接办理</source>
      <translation>Walk-in</translation>
    </message>
    <message>
      <source>没有号票的办事人：直接办理，也计入本窗口的统计</source>
      <translation>A citizen without a ticket: served directly, counted in this window's figures</translation>
    </message>
    <message>
      <source>暂停叫号</source>
      <translation>Pause calling</translation>
    </message>
    <message>
      <source>转移</source>
      <translation>Transfer</translation>
    </message>
    <message>
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>不经叫号直接受理（叫号服务器连不上时）</source>
      <translation>Take a case in without calling (when the hall queue server is unreachable)</translation>
    </message>
    <message>
      <source>转到：</source>
      <translation>Transfer to:</translation>
    </message>
    <message>
      <source>暂时没有人等候本窗口的业务。</source>
      <translation>Nobody is waiting for this window's services.</translation>
    </message>
    <message>
      <source>正在办理（无号票）</source>
      <translation>Serving (no ticket)</translation>
    </message>
    <message>
      <source>去受理</source>
      <translation>To intake</translation>
    </message>
    <message>
      <source>恢复叫号</source>
      <translation>Resume calling</translation>
    </message>
    <message>
      <source>已呼叫，等待办事人到窗口</source>
      <translation>Called, waiting for the citizen to come to the window</translation>
    </message>
    <message>
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>暂停叫号中</source>
      <translation>Calling paused</translation>
    </message>
    <message>
      <source>空闲，可以叫号</source>
      <translation>Free, ready to call</translation>
    </message>
    <message>
      <source>正在办理</source>
      <translation>Serving</translation>
    </message>
    <message>
      <source>等候 %n 人</source>
      <translation>%n waiting</translation>
    </message>
    <message>
      <source>已重呼 %n 次</source>
      <translation>recalls: %n</translation>
    </message>
    <message>
      <source>本窗口今日：已办 %1 人，过号 %2 人，平均办理 %3</source>
      <translation>This window today: %1 served, %2 no-shows, average service %3</translation>
    </message>
    <message>
      <source>读取申请人身份证</source>
      <translation>Read the applicant's ID card</translation>
    </message>
    <message>
      <source>请申请人将身份证放在读卡器上</source>
      <translation>Applicant: please place your ID card on the reader</translation>
    </message>
    <message>
      <source>由代办人办理（需再读取代办人身份证）</source>
      <translation>Handled by an agent (the agent's ID card must be read too)</translation>
    </message>
    <message>
      <source>下一步：选择事项</source>
      <translation>Next: choose the service</translation>
    </message>
    <message>
      <source>网上预审件</source>
      <translation>Online application</translation>
    </message>
    <message>
      <source>调取网上申报（按申报号或刷身份证），核验原件后当场受理</source>
      <translation>Pull an online application (by its number or the ID card), check the originals and accept it on the spot</translation>
    </message>
    <message>
      <source>请代办人将身份证放在读卡器上</source>
      <translation>Agent: please place your ID card on the reader</translation>
    </message>
    <message>
      <source>证件已读取，可以选择事项</source>
      <translation>Card read; you can choose the service</translation>
    </message>
    <message>
      <source>排队中</source>
      <translation>Queued</translation>
    </message>
    <message>
      <source>上传中</source>
      <translation>Uploading</translation>
    </message>
    <message>
      <source>代办人办理</source>
      <translation>Applied by an agent</translation>
    </message>
    <message>
      <source>需处理：</source>
      <translation>Needs attention:</translation>
    </message>
    <message>
      <source>本窗口办件</source>
      <translation>Cases at this window</translation>
    </message>
    <message>
      <source>搜索：受理编号、事项或申请人姓名</source>
      <translation>Search: receipt number, item or applicant's name</translation>
    </message>
    <message>
      <source>全部状态</source>
      <translation>All states</translation>
    </message>
    <message>
      <source>待补正</source>
      <translation>Owing materials</translation>
    </message>
    <message>
      <source>今日受理</source>
      <translation>Taken in today</translation>
    </message>
    <message>
      <source>重试上报</source>
      <translation>Retry upload</translation>
    </message>
    <message>
      <source>立即上报</source>
      <translation>Upload now</translation>
    </message>
    <message>
      <source>窗口日报</source>
      <translation>Day report</translation>
    </message>
    <message>
      <source>已同意个人信息告知（%s，%t）</source>
      <translation>Agreed to the privacy notice (%s, %t)</translation>
    </message>
    <message>
      <source>等待重试（%s）</source>
      <translation>Waiting to retry (%s)</translation>
    </message>
    <message>
      <source>（已清除）</source>
      <translation> (cleared)</translation>
    </message>
    <message>
      <source>请先选中一件“需处理”或“等待重试”的办件。</source>
      <translation>Please select a case marked "needs attention" or "waiting to retry" first.</translation>
    </message>
    <message>
      <source>“需处理”的办件重新上报需值班长确认：</source>
      <translation>Sending a case that needs attention again needs a supervisor's approval:</translation>
    </message>
    <message>
      <source>已重新排队上报。</source>
      <translation>Queued for upload again.</translation>
    </message>
    <message>
      <source>待补正（截止 %d）：%s</source>
      <translation>Documents due by %d: %s</translation>
    </message>
    <message>
      <source>补正逾期（截止 %d）：%s</source>
      <translation>Documents overdue (due %d): %s</translation>
    </message>
    <message>
      <source>补正：%d 件待补交，其中 %o 件已逾期。</source>
      <translation>Documents due: %d application(s), %o of them overdue.</translation>
    </message>
    <message>
      <source>今日：受理 %1 件（容缺 %2 件）；列表 %3 件</source>
      <translation>Today: %1 taken in (%2 with materials to follow); %3 listed</translation>
    </message>
    <message>
      <source>告知承诺：请申请人阅读承诺书并签名</source>
      <translation>Commitment: read and sign</translation>
    </message>
    <message>
      <source>返回材料（提交证明）</source>
      <translation>Back (hand in the proof)</translation>
    </message>
    <message>
      <source>签署并提交受理</source>
      <translation>Sign and submit</translation>
    </message>
    <message>
      <source>申请单位信息</source>
      <translation>Applying organisation</translation>
    </message>
    <message>
      <source>与营业执照上的名称一致</source>
      <translation>As on the business licence</translation>
    </message>
    <message>
      <source>18位，见营业执照</source>
      <translation>18 characters, on the business licence</translation>
    </message>
    <message>
      <source>经办人即法定代表人（无需授权委托书）</source>
      <translation>The person at the window is the legal representative (no letter of authorisation)</translation>
    </message>
    <message>
      <source>经办人不是法定代表人时，须收取法定代表人签署的授权委托书。</source>
      <translation>When the person at the window is not the legal representative, take a letter of authorisation signed by the legal representative.</translation>
    </message>
    <message>
      <source>返回选择事项</source>
      <translation>Back to items</translation>
    </message>
    <message>
      <source>下一步：收取材料</source>
      <translation>Next: collect materials</translation>
    </message>
    <message>
      <source>代码校验通过</source>
      <translation>The code checks out</translation>
    </message>
    <message>
      <source>单位名称</source>
      <translation>Organisation name</translation>
    </message>
    <message>
      <source>统一社会信用代码</source>
      <translation>Unified social credit code</translation>
    </message>
    <message>
      <source>法定代表人</source>
      <translation>Legal representative</translation>
    </message>
    <message>
      <source>请填写单位名称</source>
      <translation>Please enter the organisation's name</translation>
    </message>
    <message>
      <source>统一社会信用代码有误，请核对。</source>
      <translation>The unified social credit code is wrong; please check it.</translation>
    </message>
    <message>
      <source>请填写法定代表人</source>
      <translation>Please enter the legal representative</translation>
    </message>
    <message>
      <source>单位经办人：</source>
      <translation>Acting for the organisation: </translation>
    </message>
    <message>
      <source>送达方式：窗口自取</source>
      <translation>Delivery: pickup</translation>
    </message>
    <message>
      <source>送达方式：邮寄送达</source>
      <translation>Delivery: by post</translation>
    </message>
    <message>
      <source>送达方式</source>
      <translation>Delivery</translation>
    </message>
    <message>
      <source>窗口自取</source>
      <translation>Pick up at the window</translation>
    </message>
    <message>
      <source>邮寄送达</source>
      <translation>Send by post</translation>
    </message>
    <message>
      <source>免费邮寄（EMS）。手机号码用于快递通知，回执上只印部分号码。</source>
      <translation>Posted free (EMS). The mobile number is for the courier's notices; the receipt prints only part of it.</translation>
    </message>
    <message>
      <source>返回材料</source>
      <translation>Back to materials</translation>
    </message>
    <message>
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>办结后，结果文书或证照怎样交给申请人？</source>
      <translation>When decided, how does the applicant get the result?</translation>
    </message>
    <message>
      <source>受理完成</source>
      <translation>Intake complete</translation>
    </message>
    <message>
      <source>补打回执</source>
      <translation>Reprint receipt</translation>
    </message>
    <message>
      <source>打印补正材料通知书</source>
      <translation>Print the notice of materials to supply</translation>
    </message>
    <message>
      <source>打印告知承诺书</source>
      <translation>Print commitment</translation>
    </message>
    <message>
      <source>请办事人评价</source>
      <translation>Ask the applicant to rate</translation>
    </message>
    <message>
      <source>回执已经打印过，补打第二份需值班长确认：</source>
      <translation>The receipt was printed already; a second copy needs a supervisor's approval:</translation>
    </message>
    <message>
      <source>告知承诺书已打印。</source>
      <translation>The letter of commitment was printed.</translation>
    </message>
    <message>
      <source>正在补打回执……</source>
      <translation>Reprinting the receipt…</translation>
    </message>
    <message>
      <source>补正材料通知书已发送到打印机。</source>
      <translation>The notice of materials to supply has been sent to the printer.</translation>
    </message>
    <message>
      <source>告知承诺书未打印：</source>
      <translation>The letter of commitment was not printed: </translation>
    </message>
    <message>
      <source>回执未打印：</source>
      <translation>Receipt not printed:</translation>
    </message>
    <message>
      <source>未完成的受理</source>
      <translation>Unfinished intakes</translation>
    </message>
    <message>
      <source>上次关闭前有受理没有提交（断电或程序退出）。已拍摄的材料和填写的内容都已保存，可以继续办理。</source>
      <translation>An intake was not submitted before the last shutdown (power cut or the program stopped). Its scans and the form as typed were kept: you can carry on.</translation>
    </message>
    <message>
      <source>稍后处理</source>
      <translation>Later</translation>
    </message>
    <message>
      <source>放弃所选</source>
      <translation>Discard selected</translation>
    </message>
    <message>
      <source>继续受理</source>
      <translation>Carry on</translation>
    </message>
    <message>
      <source>请先选中一份未完成的受理。</source>
      <translation>Select an unfinished intake first.</translation>
    </message>
    <message>
      <source>已拍 %n 页</source>
      <translation>%n pages scanned</translation>
    </message>
    <message>
      <source>等待办事人评价</source>
      <translation>Waiting for the citizen's rating</translation>
    </message>
    <message>
      <source>评价卡已显示在办事人面前的评价屏上，请办事人自己点选。本屏幕不显示评价内容。</source>
      <translation>The rating card is on the citizen's screen; the citizen chooses there. This screen does not show the rating.</translation>
    </message>
    <message>
      <source>不再等待</source>
      <translation>Stop waiting</translation>
    </message>
    <message>
      <source>办事人已离开时：不记录评价</source>
      <translation>When the citizen has left: no rating is kept</translation>
    </message>
    <message>
      <source>办事人未评价。</source>
      <translation>The applicant did not rate the service.</translation>
    </message>
    <message>
      <source>办事人已评价。</source>
      <translation>The applicant has rated the service.</translation>
    </message>
    <message>
      <source>首页</source>
      <translation>Home</translation>
    </message>
    <message>
      <source>读身份证</source>
      <translation>Reading the ID card</translation>
    </message>
    <message>
      <source>填写申请表</source>
      <translation>Filling in the form</translation>
    </message>
    <message>
      <source>拍摄材料</source>
      <translation>Scanning documents</translation>
    </message>
    <message>
      <source>核对提交</source>
      <translation>Checking and submitting</translation>
    </message>
    <message>
      <source>提交完成</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>咨询投诉</source>
      <translation>12345 request</translation>
    </message>
    <message>
      <source>查看答复</source>
      <translation>See the answer</translation>
    </message>
    <message>
      <source>终端</source>
      <translation>Kiosk</translation>
    </message>
    <message>
      <source>呼叫工作人员</source>
      <translation>Call staff</translation>
    </message>
    <message>
      <source>已处理</source>
      <translation>Handled</translation>
    </message>
    <message>
      <source>没有呼叫。</source>
      <translation>No calls.</translation>
    </message>
    <message>
      <source>呼叫列表暂时无法刷新：</source>
      <translation>The list of calls cannot be refreshed now: </translation>
    </message>
    <message>
      <source>请先选中一个呼叫。</source>
      <translation>Select a call first.</translation>
    </message>
    <message>
      <source>页面</source>
      <translation>Page</translation>
    </message>
    <message>
      <source>有 %n 个呼叫等待处理。</source>
      <translation>%n call(s) waiting.</translation>
    </message>
    <message>
      <source>登记并打印工单</source>
      <translation>Register and print the ticket</translation>
    </message>
    <message>
      <source>诉求内容</source>
      <translation>What it is about</translation>
    </message>
    <message>
      <source>市民同意工作人员按此号码回电</source>
      <translation>The citizen agrees to be called back on this number</translation>
    </message>
    <message>
      <source>登记申请人 %s 的身份证（可凭身份证查看答复）</source>
      <translation>Register the ID card of %s (the answer can be found by card)</translation>
    </message>
    <message>
      <source>已登记并打印工单 %1，校验码 %2。请把工单交给市民。</source>
      <translation>Ticket %1 registered and printed, check code %2. Please hand the ticket to the citizen.</translation>
    </message>
    <message>
      <source>选择办理事项</source>
      <translation>Choose the service</translation>
    </message>
    <message>
      <source>输入事项名称、编码或关键词搜索</source>
      <translation>Search by service name, code or keyword</translation>
    </message>
    <message>
      <source>请在左侧选择事项</source>
      <translation>Choose a service on the left</translation>
    </message>
    <message>
      <source>请先选择事项</source>
      <translation>Please choose a service first</translation>
    </message>
    <message>
      <source>请先回答情形问题</source>
      <translation>Please answer the situation questions first</translation>
    </message>
    <message>
      <source>选中材料后放到高拍仪下：画面稳定后自动拍摄，每页一次；也可以点“拍摄”。</source>
      <translation>Select a material and place it under the document camera: it captures automatically once steady, one page at a time; or tap "Capture".</translation>
    </message>
    <message>
      <source>核对申请表，逐项收取材料</source>
      <translation>Form and materials</translation>
    </message>
    <message>
      <source>该材料容缺后补</source>
      <translation>Supply it later</translation>
    </message>
    <message>
      <source>提交受理并打印回执</source>
      <translation>Accept and print receipt</translation>
    </message>
    <message>
      <source>撤销容缺</source>
      <translation>Undo later submission</translation>
    </message>
    <message>
      <source>申请表有未填或填错的项目，请核对。</source>
      <translation>Some form fields are missing or wrong; please check.</translation>
    </message>
    <message>
      <source>该材料不允许容缺，必须当场提交。</source>
      <translation>This material cannot be supplied later; it must be handed in now.</translation>
    </message>
    <message>
      <source>该材料已扫描，无需容缺。</source>
      <translation>This document is scanned: it need not be handed in later.</translation>
    </message>
    <message>
      <source>已标记为容缺后补，提交时生成补正期限。</source>
      <translation>Marked to be supplied later; the deadline is set on submission.</translation>
    </message>
    <message>
      <source>已撤销容缺，请扫描该材料。</source>
      <translation>Later submission undone: please scan this document.</translation>
    </message>
    <message>
      <source>请申请人将身份证放在读卡器上，或输入网上申报号查询</source>
      <translation>Ask the applicant to place their ID card on the reader, or enter the online application number</translation>
    </message>
    <message>
      <source>待预审</source>
      <translation>Awaiting pre-review</translation>
    </message>
    <message>
      <source>预审通过</source>
      <translation>Pre-review passed</translation>
    </message>
    <message>
      <source>退回补正</source>
      <translation>Returned for correction</translation>
    </message>
    <message>
      <source>已当场受理</source>
      <translation>Accepted on the spot</translation>
    </message>
    <message>
      <source>待核验</source>
      <translation>To check</translation>
    </message>
    <message>
      <source>原件核验一致</source>
      <translation>Original matches</translation>
    </message>
    <message>
      <source>不一致，待重拍</source>
      <translation>Does not match, to rescan</translation>
    </message>
    <message>
      <source>受理回执未打印：</source>
      <translation>Receipt not printed: </translation>
    </message>
    <message>
      <source>正在打印受理回执……</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <source>受理回执已打印，请交给申请人。</source>
      <translation>Receipt printed; please hand it to the applicant.</translation>
    </message>
    <message>
      <source>受理回执已保存，打印机恢复后自动打印。</source>
      <translation>Receipt saved; it prints when the printer is back.</translation>
    </message>
    <message>
      <source>受理回执未打印，可在“打印记录”中补打。</source>
      <translation>Receipt not printed; reprint it from "Print log".</translation>
    </message>
    <message>
      <source>网上预审件 · 当场受理</source>
      <translation>Online application · accept on the spot</translation>
    </message>
    <message>
      <source>网上申报号，例如 WS202612030001</source>
      <translation>Online application number, e.g. WS202612030001</translation>
    </message>
    <message>
      <source>不一致，重拍</source>
      <translation>No match, rescan</translation>
    </message>
    <message>
      <source>选中材料后在这里显示网上上传的材料</source>
      <translation>Select a material to see what was uploaded online</translation>
    </message>
    <message>
      <source>当场受理并打印回执</source>
      <translation>Accept and print receipt</translation>
    </message>
    <message>
      <source>请把原件放到高拍仪下重新拍摄，拍好后再核对下一项。</source>
      <translation>Place the original under the document camera and rescan it, then check the next one.</translation>
    </message>
    <message>
      <source>本事项为即办件，已当场办结，结果印在回执上。</source>
      <translation>This is an on-the-spot item: it is concluded now and the result is on the receipt.</translation>
    </message>
    <message>
      <source>申请材料（逐项核对原件）</source>
      <translation>Materials (check each original)</translation>
    </message>
    <message>
      <source>没有找到这位申请人的网上申报。</source>
      <translation>No online application found for this applicant.</translation>
    </message>
    <message>
      <source>核对每项原件与网上材料：一致点“原件核验一致”，不一致点“不一致，重拍”后在高拍仪上重拍原件。</source>
      <translation>Compare each original with the upload: if it matches press "Original matches", if not press "No match, rescan" and rescan the original on the document camera.</translation>
    </message>
    <message>
      <source>已当场受理，受理编号 %s。</source>
      <translation>Accepted on the spot, receipt number %s.</translation>
    </message>
    <message>
      <source>正在查找 %s 的网上申报……</source>
      <translation>Looking up the online applications of %s…</translation>
    </message>
    <message>
      <source>本机的事项目录里没有这个事项，请更新目录后再受理。</source>
      <translation>This device's catalog has no such item; update the catalog before accepting.</translation>
    </message>
    <message>
      <source>正在取回网上上传的材料……</source>
      <translation>Fetching the materials uploaded online…</translation>
    </message>
    <message>
      <source>这项材料没有网上上传的文件</source>
      <translation>Nothing was uploaded online for this material</translation>
    </message>
    <message>
      <source>网上申报 %s 已预审通过。</source>
      <translation>Online application %s passed pre-review.</translation>
    </message>
    <message>
      <source>不一致，已重拍 %n 页</source>
      <translation>No match, %n page(s) rescanned</translation>
    </message>
    <message>
      <source>PDF 文件（%n KB），请在后台页面查看全文</source>
      <translation>PDF file (%n KB); view it in full on the back-office page</translation>
    </message>
    <message>
      <source>该办件选择邮寄送达：录入快递运单号后点“确认出件”，无需读取身份证</source>
      <translation>This case is sent by post: capture the waybill number, then press “Confirm hand-over” (no ID card needed)</translation>
    </message>
    <message>
      <source>取件凭条未打印：</source>
      <translation>Pickup slip not printed: </translation>
    </message>
    <message>
      <source>正在打印取件凭条……</source>
      <translation>Printing the pickup slip…</translation>
    </message>
    <message>
      <source>取件凭条已打印，请交给领取人。</source>
      <translation>Pickup slip printed; give it to the collector.</translation>
    </message>
    <message>
      <source>取件凭条已保存，打印机恢复后自动打印；也可在“打印记录”中补打。</source>
      <translation>Pickup slip saved; it prints when the printer is back, or reprint it under “Print jobs”.</translation>
    </message>
    <message>
      <source>取件凭条未打印，可在“打印记录”中补打。</source>
      <translation>Pickup slip not printed; reprint it under “Print jobs”.</translation>
    </message>
    <message>
      <source>出件：领取办理结果</source>
      <translation>Pickup: collect the result</translation>
    </message>
    <message>
      <source>请领取人将身份证放在读卡器上，或输入受理编号查询</source>
      <translation>Ask the collector to place their ID card on the reader, or look up by receipt number</translation>
    </message>
    <message>
      <source>扫描回执二维码，或输入受理编号和校验码</source>
      <translation>Scan the receipt's QR code, or type the receipt number and check code</translation>
    </message>
    <message>
      <source>按受理编号查询</source>
      <translation>Look up by receipt number</translation>
    </message>
    <message>
      <source>确认出件</source>
      <translation>Confirm hand-over</translation>
    </message>
    <message>
      <source>（%s受理）</source>
      <translation>(taken in at %s)</translation>
    </message>
    <message>
      <source>请选中要领取的办件，交付结果后点“确认出件”</source>
      <translation>Select the case to collect; hand over the result, then tap “Confirm hand-over”</translation>
    </message>
    <message>
      <source>该办件已出件，不能重复出件。</source>
      <translation>This case has already been handed over; it cannot be handed over again.</translation>
    </message>
    <message>
      <source>请先读取领取人身份证或输入受理编号，并选中办件。</source>
      <translation>First read the collector's ID card or enter a receipt number, and select a case.</translation>
    </message>
    <message>
      <source>请先读取领取人身份证，核对身份后再出件。</source>
      <translation>First read the collector's ID card and check their identity before handing over.</translation>
    </message>
    <message>
      <source>已出件：%s。</source>
      <translation>Handed over: %s.</translation>
    </message>
    <message>
      <source>正在向后台查询……</source>
      <translation>Asking the back office…</translation>
    </message>
    <message>
      <source>（代办人领取）</source>
      <translation>(collected by the agent)</translation>
    </message>
    <message>
      <source>（邮寄送达）</source>
      <translation>(by post)</translation>
    </message>
    <message>
      <source>该领取人已没有其他待取件的办件。接待下一位请点“出件”。</source>
      <translation>This collector has no other results waiting. For the next person, tap “Pickup”.</translation>
    </message>
    <message>
      <source>该办件还没有办结，暂不能出件。</source>
      <translation>This case is not decided yet; it cannot be handed over.</translation>
    </message>
    <message>
      <source>已邮寄：%s，运单号 %w。</source>
      <translation>Posted: %s, waybill %w.</translation>
    </message>
    <message>
      <source>待补正：</source>
      <translation>Missing: </translation>
    </message>
    <message>
      <source>领取人</source>
      <translation>Collector</translation>
    </message>
    <message>
      <source>只有申请人本人或受理时登记的代办人可以领取；请核对证件，或输入受理编号查询。</source>
      <translation>Only the applicant or the agent recorded at intake may collect; check the ID card, or look up by receipt number.</translation>
    </message>
    <message>
      <source>请领取人将身份证放在读卡器上，核对身份后出件</source>
      <translation>Ask the collector to place their ID card on the reader; hand over after checking their identity</translation>
    </message>
    <message>
      <source>该证件持有人没有待取件的办件。</source>
      <translation>The holder of this card has no results waiting.</translation>
    </message>
    <message>
      <source>身份已核对，请交付结果后点“确认出件”</source>
      <translation>Identity checked; hand over the result, then tap “Confirm hand-over”</translation>
    </message>
    <message>
      <source>取号凭条</source>
      <translation>Queue ticket</translation>
    </message>
    <message>
      <source>受理回执</source>
      <translation>Acceptance receipt</translation>
    </message>
    <message>
      <source>一次性告知书</source>
      <translation>One-time notice</translation>
    </message>
    <message>
      <source>补正材料通知书</source>
      <translation>Notice of materials to supply</translation>
    </message>
    <message>
      <source>取件凭条</source>
      <translation>Pickup slip</translation>
    </message>
    <message>
      <source>12345工单回执</source>
      <translation>12345 ticket</translation>
    </message>
    <message>
      <source>打印中</source>
      <translation>Printing</translation>
    </message>
    <message>
      <source>等待打印机</source>
      <translation>Waiting for the printer</translation>
    </message>
    <message>
      <source>已打印</source>
      <translation>Printed</translation>
    </message>
    <message>
      <source>已过期未打印</source>
      <translation>Expired, not printed</translation>
    </message>
    <message>
      <source>已取消</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>程序重启前未打印完成</source>
      <translation>Not finished before the program restarted</translation>
    </message>
    <message>
      <source>超时未打印，未发出</source>
      <translation>Not printed in time; not issued</translation>
    </message>
    <message>
      <source>工作人员取消</source>
      <translation>Cancelled by staff</translation>
    </message>
    <message>
      <source>打印记录（补打）</source>
      <translation>Print log (reprint)</translation>
    </message>
    <message>
      <source>取消所选</source>
      <translation>Cancel selected</translation>
    </message>
    <message>
      <source>补打所选</source>
      <translation>Reprint selected</translation>
    </message>
    <message>
      <source>（补打）</source>
      <translation> (reprint)</translation>
    </message>
    <message>
      <source>请先选中一条打印记录。</source>
      <translation>Please select a print record first.</translation>
    </message>
    <message>
      <source>这张单据已经打印过，补打第二份需值班长确认：</source>
      <translation>This slip was printed already; a second copy needs a supervisor's approval:</translation>
    </message>
    <message>
      <source>已发送补打。</source>
      <translation>Reprint sent.</translation>
    </message>
    <message>
      <source>已取消，该单据不会再打印。</source>
      <translation>Cancelled; this document will not be printed.</translation>
    </message>
    <message>
      <source>只能取消等待打印的单据。</source>
      <translation>Only documents waiting to print can be cancelled.</translation>
    </message>
    <message>
      <source>进度查询：扫描回执二维码，或输入受理编号和校验码；也可读取身份证</source>
      <translation>Progress: scan the receipt's QR code, or type the receipt number and check code; or read the ID card</translation>
    </message>
    <message>
      <source>查询进度</source>
      <translation>Look up progress</translation>
    </message>
    <message>
      <source>没有查到办件。</source>
      <translation>No cases found.</translation>
    </message>
    <message>
      <source>承诺%s办结</source>
      <translation>due %s</translation>
    </message>
    <message>
      <source>暂时无法连接后台：只列出本窗口的办件。</source>
      <translation>The back office cannot be reached: only this window's cases are listed.</translation>
    </message>
    <message>
      <source>查到 %n 件。</source>
      <translation>%n found.</translation>
    </message>
    <message>
      <source>本人</source>
      <translation>Mine</translation>
    </message>
    <message>
      <source>本窗口全部人员</source>
      <translation>Everyone at this window</translation>
    </message>
    <message>
      <source>打印凭条</source>
      <translation>Print slip</translation>
    </message>
    <message>
      <source>打印A4</source>
      <translation>Print A4</translation>
    </message>
    <message>
      <source>正在统计……</source>
      <translation>Counting…</translation>
    </message>
    <message>
      <source>范围：</source>
      <translation>Scope:</translation>
    </message>
    <message>
      <source>日期：</source>
      <translation>Date:</translation>
    </message>
    <message>
      <source>日报已发送到凭条打印机。</source>
      <translation>The day report went to the slip printer.</translation>
    </message>
    <message>
      <source>日报已发送到A4打印机。</source>
      <translation>The day report went to the A4 printer.</translation>
    </message>
    <message>
      <source>申请人口头或书面同意后，可复用其以往已受理的材料、调取电子证照。</source>
      <translation>With the applicant's oral or written consent, materials of earlier accepted cases can be reused and e-licences fetched.</translation>
    </message>
    <message>
      <source>口头同意</source>
      <translation>Oral consent</translation>
    </message>
    <message>
      <source>书面同意</source>
      <translation>In writing</translation>
    </message>
    <message>
      <source>复用该材料</source>
      <translation>Reuse material</translation>
    </message>
    <message>
      <source>已记录同意，正在查询可复用的材料……</source>
      <translation>Consent recorded; looking up reusable materials…</translation>
    </message>
    <message>
      <source>正在调取……</source>
      <translation>Fetching…</translation>
    </message>
    <message>
      <source>已附上，无需再扫描该材料。</source>
      <translation>Attached; this material need not be scanned.</translation>
    </message>
    <message>
      <source>已记录书面同意</source>
      <translation>Written consent recorded</translation>
    </message>
    <message>
      <source>暂时无法连接后台：不能复用材料或调取电子证照，请扫描纸质材料。</source>
      <translation>The back office cannot be reached: materials cannot be reused nor e-licences fetched now; please scan the paper materials.</translation>
    </message>
    <message>
      <source>有 %n 项可复用或可调取电子证照：选中标注的材料，再点下方按钮。</source>
      <translation>%n can be reused or fetched as e-licences: select a marked material, then press the button below.</translation>
    </message>
    <message>
      <source>可复用</source>
      <translation>reusable</translation>
    </message>
    <message>
      <source>可调取电子证照</source>
      <translation>e-licence available</translation>
    </message>
    <message>
      <source>已记录口头同意</source>
      <translation>Oral consent recorded</translation>
    </message>
    <message>
      <source>没有可复用的材料或电子证照，请扫描纸质材料。</source>
      <translation>No reusable materials or e-licences; please scan the paper materials.</translation>
    </message>
    <message>
      <source>调取电子证照</source>
      <translation>Fetch the e-licence</translation>
    </message>
    <message>
      <source>%1（样例数据）</source>
      <translation>%1 (sample data)</translation>
    </message>
    <message>
      <source>来自 %1（%2 受理，%3 页）</source>
      <translation>From %1 (accepted %2, %3 pages)</translation>
    </message>
    <message>
      <source>综合窗口工作人员登录</source>
      <translation>Comprehensive window staff sign-in</translation>
    </message>
    <message>
      <source>请用本人的工作人员账号登录（账号由管理员在后台开设）</source>
      <translation>Sign in with your own staff account (set up by the administrator at the back office)</translation>
    </message>
    <message>
      <source>登录名，例如 c0012</source>
      <translation>Login, e.g. c0012</translation>
    </message>
    <message>
      <source>登录名</source>
      <translation>Login</translation>
    </message>
    <message>
      <source>登录</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <source>换人登录</source>
      <translation>Another clerk</translation>
    </message>
    <message>
      <source>正在核对账号……</source>
      <translation>Checking the account…</translation>
    </message>
    <message>
      <source>窗口已锁定</source>
      <translation>Window locked</translation>
    </message>
    <message>
      <source>离开时窗口已自动锁定。%s 请输入密码继续，或换人登录。</source>
      <translation>The window locked itself while left idle. %s: enter your password to go on, or let another clerk sign in.</translation>
    </message>
    <message>
      <source>补正回执未打印：</source>
      <translation>The receipt was not printed: </translation>
    </message>
    <message>
      <source>正在打印补正回执……</source>
      <translation>Printing the receipt…</translation>
    </message>
    <message>
      <source>补正回执已打印，请交给申请人。</source>
      <translation>The receipt is printed: hand it to the applicant.</translation>
    </message>
    <message>
      <source>补正回执已保存，打印机恢复后自动打印。</source>
      <translation>The receipt is saved and prints once the printer is back.</translation>
    </message>
    <message>
      <source>补正回执未打印，可在“打印记录”中补打。</source>
      <translation>The receipt was not printed; reprint it from "Print log".</translation>
    </message>
    <message>
      <source>补交材料（补正）</source>
      <translation>Late documents</translation>
    </message>
    <message>
      <source>请申请人将身份证放在读卡器上，或输入受理编号和校验码查询</source>
      <translation>Ask the applicant to place the ID card on the reader, or type the receipt number and check code</translation>
    </message>
    <message>
      <source>受理编号（见受理回执）</source>
      <translation>Receipt number (on the acceptance receipt)</translation>
    </message>
    <message>
      <source>校验码（回执二维码下方）</source>
      <translation>Check code (under the receipt's QR code)</translation>
    </message>
    <message>
      <source>提交补正并打印回执</source>
      <translation>Submit and print the receipt</translation>
    </message>
    <message>
      <source>补正已提交，材料已补齐。</source>
      <translation>Documents submitted; the application is complete.</translation>
    </message>
    <message>
      <source>选中材料后放到高拍仪下拍摄，拍完后点“提交补正并打印回执”。</source>
      <translation>Select a document and scan it on the document camera; then click "Submit and print the receipt".</translation>
    </message>
    <message>
      <source>补正已提交。仍待补正：%s。</source>
      <translation>Documents submitted. Still due: %s.</translation>
    </message>
    <message>
      <source>%s 的办件：</source>
      <translation>Applications of %s: </translation>
    </message>
    <message>
      <source>%s 没有需要补交材料的办件。</source>
      <translation>%s has no application that needs documents.</translation>
    </message>
    <message>
      <source>把快递面单的条码放到高拍仪下，认出后自动录入；也可以用扫码枪扫描或手工输入运单号</source>
      <translation>Put the parcel label's barcode under the document camera, it is read at once; or scan it with a scanner gun, or type the waybill number</translation>
    </message>
    <message>
      <source>运单号（扫码枪扫描后自动回车）</source>
      <translation>Waybill number (a scanner gun ends with Enter)</translation>
    </message>
    <message>
      <source>快递公司</source>
      <translation>Carrier</translation>
    </message>
    <message>
      <source>已录入运单号：%s</source>
      <translation>Waybill number captured: %s</translation>
    </message>
    <message>
      <source>回执已保存，打印机恢复后自动打印；也可稍后在“打印记录”中补打。</source>
      <translation>The receipt is saved and prints automatically when the printer is back; it can also be reprinted later from the "Print log".</translation>
    </message>
    <message>
      <source>还没有画面：请检查高拍仪。</source>
      <translation>No picture yet: please check the document camera.</translation>
    </message>
    <message>
      <source>已拍摄 %n 页。</source>
      <translation>%n page(s) captured.</translation>
    </message>
    <message>
      <source>回执已打印，请交给申请人。</source>
      <translation>Receipt printed; please hand it to the applicant.</translation>
    </message>
    <message>
      <source>回执未打印，可在“打印记录”中补打。</source>
      <translation>Receipt not printed; it can be reprinted from the "Print log".</translation>
    </message>
    <message>
      <source>退出登录</source>
      <translation>Sign out</translation>
    </message>
    <message>
      <source>一窗通 · 综合窗口受理</source>
      <translation>OneWindow · Comprehensive Window Intake</translation>
    </message>
    <message>
      <source>综合窗口</source>
      <translation>Comprehensive window</translation>
    </message>
    <message>
      <source>值班长</source>
      <translation>supervisor</translation>
    </message>
    <message>
      <source>离线登录</source>
      <translation>signed in offline</translation>
    </message>
    <message>
      <source>街道、门牌号、楼栋和房号</source>
      <translation>Street, number, building and room</translation>
    </message>
    <message>
      <source>收件人姓名</source>
      <translation>Recipient's name</translation>
    </message>
    <message>
      <source>11位手机号码</source>
      <translation>11-digit mobile number</translation>
    </message>
    <message>
      <source>省份</source>
      <translation>Province</translation>
    </message>
    <message>
      <source>城市</source>
      <translation>City</translation>
    </message>
    <message>
      <source>区县</source>
      <translation>District</translation>
    </message>
    <message>
      <source>收件人</source>
      <translation>Recipient</translation>
    </message>
    <message>
      <source>详细地址</source>
      <translation>Street address</translation>
    </message>
    <message>
      <source>手机号码</source>
      <translation>Mobile</translation>
    </message>
    <message>
      <source>请输入</source>
      <translation>Type it in</translation>
    </message>
    <message>
      <source>正在保存…</source>
      <translation>Saving…</translation>
    </message>
    <message>
      <source>尺寸与材料不符，请核对</source>
      <translation>size does not fit the document, please check</translation>
    </message>
    <message>
      <source>电子证照</source>
      <translation>e-licence</translation>
    </message>
    <message>
      <source>材料复用 %n 页</source>
      <translation>reused, %n pages</translation>
    </message>
    <message>
      <source>告知承诺</source>
      <translation>Written commitment</translation>
    </message>
    <message>
      <source>容缺后补（提交后按期补交）</source>
      <translation>Later (hand in by the deadline after submitting)</translation>
    </message>
    <message>
      <source>待扫描</source>
      <translation>To scan</translation>
    </message>
    <message>
      <source>可不提交</source>
      <translation>Optional</translation>
    </message>
    <message>
      <source>正在查询信用记录……</source>
      <translation>Checking the credit record…</translation>
    </message>
    <message>
      <source>（暂时无法查询信用记录，按本机规定可以承诺）</source>
      <translation> (the credit record cannot be checked now; this device's rule allows the commitment)</translation>
    </message>
    <message>
      <source>可以使用告知承诺，请申请人阅读后签名。</source>
      <translation>A commitment may be used: the applicant reads the letter and signs.</translation>
    </message>
    <message>
      <source>长辈模式：开</source>
      <translation>Senior: on</translation>
    </message>
    <message>
      <source>长辈模式：关</source>
      <translation>Senior: off</translation>
    </message>
    <message>
      <source>您的评价将帮助我们改进服务。</source>
      <translation>Your rating helps us improve our service.</translation>
    </message>
    <message>
      <source>点选一项，再点“提交评价”。</source>
      <translation>Tap one, then tap “Submit rating”.</translation>
    </message>
    <message>
      <source>请点选不满意的原因（可多选）</source>
      <translation>Tap the reasons you were dissatisfied (one or more)</translation>
    </message>
    <message>
      <source>跳过</source>
      <translation>Skip</translation>
    </message>
    <message>
      <source>提交评价</source>
      <translation>Submit rating</translation>
    </message>
    <message>
      <source>我要评价</source>
      <translation>Rate this service</translation>
    </message>
    <message>
      <source>您已跳过评价。</source>
      <translation>You skipped the rating.</translation>
    </message>
    <message>
      <source>请您对本次服务进行评价</source>
      <translation>Please rate this service</translation>
    </message>
    <message>
      <source>感谢您的评价！</source>
      <translation>Thank you for your rating!</translation>
    </message>
    <message>
      <source>请先点选一项评价</source>
      <translation>Please tap a rating first</translation>
    </message>
    <message>
      <source>请至少点选一项原因，再提交评价</source>
      <translation>Please tap at least one reason, then submit</translation>
    </message>
    <message>
      <source>身份证上的信息已部分隐藏，按住“显示”查看</source>
      <translation>Details from your ID card are partly hidden; hold “Show” to see them</translation>
    </message>
    <message>
      <source>请选择</source>
      <translation>Please choose</translation>
    </message>
    <message>
      <source>已从身份证读取</source>
      <translation>Read from the ID card</translation>
    </message>
    <message>
      <source>点这里，用屏幕键盘输入</source>
      <translation>Tap here, type on the screen keyboard</translation>
    </message>
    <message>
      <source>点这里，用加减按钮选日期</source>
      <translation>Tap here, pick the date with + and -</translation>
    </message>
    <message>
      <source>工作人员马上到，请在此稍候。</source>
      <translation>A member of staff is on the way. Please wait here.</translation>
    </message>
    <message>
      <source>呼叫已记录，网络暂时不通，恢复后送达。请稍候，或到人工窗口。</source>
      <translation>Your call is recorded; the network is down and it will be sent when it is back. Please wait, or go to a staffed window.</translation>
    </message>
    <message>
      <source>已通知工作人员，请稍候。</source>
      <translation>Staff have been called. Please wait.</translation>
    </message>
    <message>
      <source>呼叫未能记录。请到人工窗口，或请身边的工作人员帮助。</source>
      <translation>The call could not be recorded. Please go to a staffed window, or ask a member of staff nearby.</translation>
    </message>
    <message>
      <source>呼叫已送达，工作人员马上到。</source>
      <translation>Your call has reached the staff; someone is on the way.</translation>
    </message>
    <message>
      <source>A4 纸</source>
      <translation>an A4 sheet</translation>
    </message>
    <message>
      <source>信纸</source>
      <translation>Letter paper</translation>
    </message>
    <message>
      <source>A5 纸</source>
      <translation>A5 sheet</translation>
    </message>
    <message>
      <source>户口簿的一页</source>
      <translation>a household register page</translation>
    </message>
    <message>
      <source>卡片（身份证大小）</source>
      <translation>a card (ID card size)</translation>
    </message>
    <message>
      <source>身份证大小的卡片</source>
      <translation>an ID-card-sized card</translation>
    </message>
    <message>
      <source>整张纸（如 A4）</source>
      <translation>a whole sheet (such as A4)</translation>
    </message>
    <message>
      <source>重拍</source>
      <translation>Retake</translation>
    </message>
    <message>
      <source>仍然使用</source>
      <translation>Use it anyway</translation>
    </message>
    <message>
      <source>请放好正确的材料，重新拍摄。</source>
      <translation>Place the right document and take the photo again.</translation>
    </message>
    <message>
      <source>这一页看起来是%s，而“%m”应是%w。请核对是否放错了材料。</source>
      <translation>This page looks like %s, but "%m" should be %w. Please check that it is the right document.</translation>
    </message>
    <message>
      <source>注意：</source>
      <translation>Note: </translation>
    </message>
    <message>
      <source>今天</source>
      <translation>Today</translation>
    </message>
    <message>
      <source>年</source>
      <translation>Year</translation>
    </message>
    <message>
      <source>月</source>
      <translation>Month</translation>
    </message>
    <message>
      <source>日</source>
      <translation>Day</translation>
    </message>
    <message>
      <source>拼音</source>
      <translation>Pinyin</translation>
    </message>
    <message>
      <source>手写</source>
      <translation>Handwriting</translation>
    </message>
    <message>
      <source>ABC</source>
      <translation>ABC</translation>
    </message>
    <message>
      <source>123</source>
      <translation>123</translation>
    </message>
    <message>
      <source>更多</source>
      <translation>More</translation>
    </message>
    <message>
      <source>空格</source>
      <translation>Space</translation>
    </message>
    <message>
      <source>退格</source>
      <translation>Backspace</translation>
    </message>
    <message>
      <source>重写</source>
      <translation>Rewrite</translation>
    </message>
    <message>
      <source>撤销一笔</source>
      <translation>Undo stroke</translation>
    </message>
    <message>
      <source>大写</source>
      <translation>Shift</translation>
    </message>
    <message>
      <source>显示</source>
      <translation>Show</translation>
    </message>
    <message>
      <source>按住时显示完整信息，松开即隐藏</source>
      <translation>Shows the full details while held; hidden again when released</translation>
    </message>
    <message>
      <source>摄像头未启动</source>
      <translation>Camera not started</translation>
    </message>
    <message>
      <source>自动拍摄</source>
      <translation>Auto capture</translation>
    </message>
    <message>
      <source>拖动四个角对准材料边缘，然后点“使用此页”</source>
      <translation>Drag the four corners onto the material's edges, then tap "Use this page"</translation>
    </message>
    <message>
      <source>拍摄</source>
      <translation>Capture</translation>
    </message>
    <message>
      <source>使用此页</source>
      <translation>Use this page</translation>
    </message>
    <message>
      <source>前移</source>
      <translation>Move up</translation>
    </message>
    <message>
      <source>后移</source>
      <translation>Move down</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>重拍此页</source>
      <translation>Retake this page</translation>
    </message>
    <message>
      <source>调整四角</source>
      <translation>Adjust corners</translation>
    </message>
    <message>
      <source>旋转</source>
      <translation>Rotate</translation>
    </message>
    <message>
      <source>材料类型</source>
      <translation>Material type</translation>
    </message>
    <message>
      <source>颜色</source>
      <translation>Colour</translation>
    </message>
    <message>
      <source>即将自动保存；如需调整请拖动四个角，或点“重拍”</source>
      <translation>Saving shortly; to adjust, drag the four corners or tap "Retake"</translation>
    </message>
    <message>
      <source>正在打开摄像头……</source>
      <translation>Opening the camera…</translation>
    </message>
    <message>
      <source>请先在左侧选择要扫描的材料</source>
      <translation>Please choose the material to scan on the left first</translation>
    </message>
    <message>
      <source>还没有画面：请检查高拍仪</source>
      <translation>No picture yet: please check the document camera</translation>
    </message>
    <message>
      <source>四个角的位置不对：请拖动四个角对准材料的四个角</source>
      <translation>The corners are not right: drag them onto the four corners of the material</translation>
    </message>
    <message>
      <source>这份材料还没有拍摄</source>
      <translation>This material has not been captured yet</translation>
    </message>
    <message>
      <source>请重新拍摄第 %n 页</source>
      <translation>Please retake page %n</translation>
    </message>
    <message>
      <source>第 %n 页</source>
      <translation>Page %n</translation>
    </message>
    <message>
      <source>正在处理……</source>
      <translation>Processing…</translation>
    </message>
    <message>
      <source>共 %n 页</source>
      <translation>%n page(s) in total</translation>
    </message>
    <message>
      <source>请把材料平放在画面中间</source>
      <translation>Lay the material flat in the middle of the picture</translation>
    </message>
    <message>
      <source>看不清材料边缘：请换到颜色深一些的桌面，或直接点“拍摄”后拖动四个角</source>
      <translation>Can't see the material's edges: use a darker desk, or tap "Capture" and drag the four corners</translation>
    </message>
    <message>
      <source>材料超出画面：请把整张材料移到画面中间</source>
      <translation>The material is out of the picture: move the whole sheet into the middle</translation>
    </message>
    <message>
      <source>材料太小：请放近一些或把材料摆正</source>
      <translation>The material is too small: move it closer or straighten it</translation>
    </message>
    <message>
      <source>找到材料了，请保持不动……</source>
      <translation>Found the material; please hold still…</translation>
    </message>
    <message>
      <source>光线太暗：请打开照明或换到亮一些的地方</source>
      <translation>Too dark: turn on the light or move somewhere brighter</translation>
    </message>
    <message>
      <source>材料上有反光：请稍微倾斜材料或挡住上方的灯光</source>
      <translation>Glare on the material: tilt it slightly or shade it from the light above</translation>
    </message>
    <message>
      <source>手在材料上：请把手移开</source>
      <translation>A hand is on the page: please move it away</translation>
    </message>
    <message>
      <source>材料上有物品：请拿开笔、手机等物品</source>
      <translation>Something lies on the page: please remove pens, phones and the like</translation>
    </message>
    <message>
      <source>画面模糊：请保持不动，等画面清晰</source>
      <translation>The picture is blurred: hold still until it is sharp</translation>
    </message>
    <message>
      <source>正在拍摄……</source>
      <translation>Capturing…</translation>
    </message>
    <message>
      <source>已拍好这一页。请换下一页，或选择下一份材料</source>
      <translation>This page is done. Place the next page, or choose the next material</translation>
    </message>
    <message>
      <source>照片模糊，文字可能看不清，建议重拍</source>
      <translation>The photo is blurred and the text may be unreadable; retaking is recommended</translation>
    </message>
    <message>
      <source>照片上有反光，部分内容可能被遮住，建议调整角度后重拍</source>
      <translation>There is glare on the photo and some content may be hidden; adjust the angle and retake</translation>
    </message>
    <message>
      <source>照片太暗，建议打开照明后重拍</source>
      <translation>The photo is too dark; turn on the light and retake</translation>
    </message>
    <message>
      <source>材料有一部分在画面外，请检查四个角是否都拍到了</source>
      <translation>Part of the material is outside the picture; check that all four corners are in</translation>
    </message>
    <message>
      <source>材料在画面中太小，文字可能看不清，建议放近一些重拍</source>
      <translation>The material is too small in the picture and the text may be unreadable; move closer and retake</translation>
    </message>
    <message>
      <source>手在页面上，可能挡住了内容，请移开手后重拍</source>
      <translation>A hand is on the page and may hide part of it; move the hand away and retake</translation>
    </message>
    <message>
      <source>页面上有物品（如笔、手机），可能挡住了内容，请拿开后重拍</source>
      <translation>Something (a pen, a phone) lies on the page and may hide part of it; remove it and retake</translation>
    </message>
    <message>
      <source>彩色</source>
      <translation>Colour</translation>
    </message>
    <message>
      <source>灰度</source>
      <translation>Grey</translation>
    </message>
    <message>
      <source>黑白</source>
      <translation>Black and white</translation>
    </message>
    <message>
      <source>自动识别</source>
      <translation>Automatic</translation>
    </message>
    <message>
      <source>A4 纸张</source>
      <translation>A4 paper</translation>
    </message>
    <message>
      <source>A5 纸张</source>
      <translation>A5 paper</translation>
    </message>
    <message>
      <source>户口簿内页</source>
      <translation>Household register page</translation>
    </message>
    <message>
      <source>身份证等卡片</source>
      <translation>ID card and other cards</translation>
    </message>
    <message>
      <source>其他尺寸</source>
      <translation>Other size</translation>
    </message>
    <message>
      <source>上一题</source>
      <translation>Previous question</translation>
    </message>
    <message>
      <source>下一题</source>
      <translation>Next question</translation>
    </message>
    <message>
      <source>第 %1 题，共 %2 题</source>
      <translation>Question %1 of %2</translation>
    </message>
    <message>
      <source>配置有误，本机暂时无法使用</source>
      <translation>The configuration is wrong; this terminal cannot be used for now</translation>
    </message>
    <message>
      <source>请管理员按上面的提示修改配置文件，然后重新启动本机。</source>
      <translation>Administrator: correct the configuration file as shown above, then restart this terminal.</translation>
    </message>
    <message>
      <source>请在下面的框内签名（手指、鼠标或手写笔均可）</source>
      <translation>Sign in the box below (finger, mouse or pen)</translation>
    </message>
    <message>
      <source>重签</source>
      <translation>Clear</translation>
    </message>
    <message>
      <source>读卡器</source>
      <translation>Card reader</translation>
    </message>
    <message>
      <source>摄像头</source>
      <translation>Camera</translation>
    </message>
    <message>
      <source>打印机</source>
      <translation>Printer</translation>
    </message>
    <message>
      <source>语音</source>
      <translation>Voice</translation>
    </message>
    <message>
      <source>A4打印机</source>
      <translation>A4 printer</translation>
    </message>
    <message>
      <source>正常</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>注意</source>
      <translation>Attention</translation>
    </message>
    <message>
      <source>不可用</source>
      <translation>Unavailable</translation>
    </message>
    <message>
      <source>后台：连接中</source>
      <translation>Back office: connecting</translation>
    </message>
    <message>
      <source>后台：设备未授权</source>
      <translation>Back office: device not authorised</translation>
    </message>
    <message>
      <source>本设备未获授权连接后台，请联系管理员。已提交的办件都已保存在本机。</source>
      <translation>This device is not authorised by the back office; please contact the administrator. Submitted applications are all saved on this device.</translation>
    </message>
    <message>
      <source>启动中</source>
      <translation>Starting</translation>
    </message>
    <message>
      <source>本机数据库启动时发现损坏，已自动移到一旁保留并新建数据库，可以继续办理。</source>
      <translation>The local database was found damaged at start; it has been kept aside and a new one created. You can carry on.</translation>
    </message>
    <message>
      <source>后台：已连接</source>
      <translation>Back office: connected</translation>
    </message>
    <message>
      <source>后台：离线</source>
      <translation>Back office: offline</translation>
    </message>
    <message>
      <source>，待上报 %n 件</source>
      <translation>, %n waiting to upload</translation>
    </message>
    <message>
      <source>，需处理 %n 件</source>
      <translation>, %n need attention</translation>
    </message>
    <message>
      <source>网络未连接：可继续办理，办件已存本机，联网后自动上报。</source>
      <translation>Offline: carry on; applications are kept here and sent once online.</translation>
    </message>
    <message>
      <source>请工作人员通知管理员检查（损坏文件：%s）。</source>
      <translation>Staff: please ask the administrator to check it (damaged file: %s).</translation>
    </message>
    <message>
      <source>（待上报 %n 件）</source>
      <translation> (%n waiting to upload)</translation>
    </message>
    <message>
      <source>已拍摄 %n 页</source>
      <translation>%n page(s) scanned</translation>
    </message>
    <message>
      <source>已逾期（截止 %d）</source>
      <translation>Overdue (was due %d)</translation>
    </message>
    <message>
      <source>请于 %d 前补交</source>
      <translation>Hand in by %d</translation>
    </message>
    <message>
      <source>重听</source>
      <translation>Repeat</translation>
    </message>
    <message>
      <source>音量−</source>
      <translation>Quieter</translation>
    </message>
    <message>
      <source>音量+</source>
      <translation>Louder</translation>
    </message>
    <message>
      <source>语音：开</source>
      <translation>Voice: on</translation>
    </message>
    <message>
      <source>语音：关</source>
      <translation>Voice: off</translation>
    </message>
    <message>
      <source>音量 %d%</source>
      <translation>Volume %d%</translation>
    </message>
    <message>
      <source>连不上大厅叫号服务器</source>
      <translation>hall queue server unreachable</translation>
    </message>
    <message>
      <source>事项目录已 %n 天未更新</source>
      <translation>Service catalog not updated for %n days</translation>
    </message>
    <message>
      <source>工作日历已 %n 天未更新</source>
      <translation>Working-day calendar not updated for %n days</translation>
    </message>
    <message>
      <source>已 %n 天未与后台同步</source>
      <translation>Not synced with the back office for %n days</translation>
    </message>
    <message>
      <source>草稿</source>
      <translation>Draft</translation>
    </message>
    <message>
      <source>已提交</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>中国邮政EMS</source>
      <translation>China Post EMS</translation>
    </message>
    <message>
      <source>顺丰速运</source>
      <translation>SF Express</translation>
    </message>
    <message>
      <source>京东物流</source>
      <translation>JD Logistics</translation>
    </message>
    <message>
      <source>中通快递</source>
      <translation>ZTO Express</translation>
    </message>
    <message>
      <source>圆通速递</source>
      <translation>YTO Express</translation>
    </message>
    <message>
      <source>身份证号码的地区代码未知，请工作人员核验</source>
      <translation>The region code of the ID number is unknown; staff please verify</translation>
    </message>
    <message>
      <source>永久居留证号码与出生日期不一致，请工作人员核验</source>
      <translation>The permanent residence card number does not match the birth date; staff please verify</translation>
    </message>
    <message>
      <source>操作未能完成</source>
      <translation>The operation could not be completed</translation>
    </message>
    <message>
      <source>请重试，或联系工作人员。</source>
      <translation>Please try again, or ask a member of staff.</translation>
    </message>
    <message>
      <source>发生意外错误，已记录日志。</source>
      <translation>Something unexpected went wrong; it has been logged.</translation>
    </message>
    <message>
      <source>工作日历须是一个 JSON 对象</source>
      <translation>The working-day calendar must be a JSON object</translation>
    </message>
    <message>
      <source>参照 assets/calendar/2027.json</source>
      <translation>See assets/calendar/2027.json</translation>
    </message>
    <message>
      <source>工作日历没有字段 {field}</source>
      <translation>The working-day calendar has no field {field}</translation>
    </message>
    <message>
      <source>只可有 year、days_off、workdays、source、note</source>
      <translation>Only year, days_off, workdays, source and note are allowed</translation>
    </message>
    <message>
      <source>工作日历缺少字段 {field}</source>
      <translation>The working-day calendar lacks the field {field}</translation>
    </message>
    <message>
      <source>{field}: 年份须是 2000 至 2100 的整数</source>
      <translation>{field}: the year must be a whole number from 2000 to 2100</translation>
    </message>
    <message>
      <source>{field}: 须是日期的列表</source>
      <translation>{field}: must be a list of dates</translation>
    </message>
    <message>
      <source>{field}: 日期须写成 YYYY-MM-DD</source>
      <translation>{field}: write the date as YYYY-MM-DD</translation>
    </message>
    <message>
      <source>{field}: 日期不在 {year} 年</source>
      <translation>{field}: the date is not in {year}</translation>
    </message>
    <message>
      <source>{field}: 日期 {date} 重复</source>
      <translation>{field}: the date {date} is given twice</translation>
    </message>
    <message>
      <source>{field}: {date} 不是周末，不能作调休上班日</source>
      <translation>{field}: {date} is not a weekend day, so it cannot be a swapped working day</translation>
    </message>
    <message>
      <source>{field}: {date} 既是放假日又是上班日</source>
      <translation>{field}: {date} is both a day off and a working day</translation>
    </message>
    <message>
      <source>{field}: 须是 official（官方发布）或 manual（手工录入）</source>
      <translation>{field}: must be official (as published) or manual (entered by hand)</translation>
    </message>
    <message>
      <source>{field}: 说明须是文字，至多 {most} 字</source>
      <translation>{field}: the note must be text of at most {most} characters</translation>
    </message>
    <message>
      <source>后台下发的工作日历格式错误（{field}），仍用原有日历</source>
      <translation>The working-day calendar from the back office is malformed ({field}); the previous calendar stays in use</translation>
    </message>
    <message>
      <source>只有系统管理员可以导入工作日历</source>
      <translation>Only a system administrator may import the working-day calendar</translation>
    </message>
    <message>
      <source>工作日历有误，未导入</source>
      <translation>The working-day calendar has errors and was not imported</translation>
    </message>
    <message>
      <source>配置项 {key}: {detail}</source>
      <translation>Setting {key}: {detail}</translation>
    </message>
    <message>
      <source>配置项 {key}: 没有名为 {name} 的设备后端</source>
      <translation>Setting {key}: there is no device backend named {name}</translation>
    </message>
    <message>
      <source>可用的有：{known}</source>
      <translation>Available: {known}</translation>
    </message>
    <message>
      <source>磁盘空间不足，{what}未能{action}，请联系工作人员；已保存的办件不受影响</source>
      <translation>{action} failed for {what}: the disk is full. Please contact staff; saved cases are not affected.</translation>
    </message>
    <message>
      <source>存储设备读写出错，{what}未能{action}，请联系工作人员；已保存的办件不受影响</source>
      <translation>{action} failed for {what}: the storage device reported an error. Please contact staff; saved cases are not affected.</translation>
    </message>
    <message>
      <source>本地数据库正忙，{what}未能{action}，请稍后再试</source>
      <translation>{action} failed for {what}: the local database is busy. Please try again shortly.</translation>
    </message>
    <message>
      <source>本地数据库已损坏，{what}未能{action}，请联系工作人员（重启程序会自动修复）</source>
      <translation>{action} failed for {what}: the local database is damaged. Please contact staff (restarting the program repairs it).</translation>
    </message>
    <message>
      <source>本地数据库只读，{what}未能{action}，请联系工作人员检查磁盘</source>
      <translation>{action} failed for {what}: the local database is read-only. Please ask staff to check the disk.</translation>
    </message>
    <message>
      <source>本地存储出错，{what}未能{action}，请联系工作人员</source>
      <translation>{action} failed for {what}: local storage error. Please contact staff.</translation>
    </message>
    <message>
      <source>本地存储已关闭</source>
      <translation>The local store is closed</translation>
    </message>
    <message>
      <source>请重启程序</source>
      <translation>Please restart the program</translation>
    </message>
    <message>
      <source>本地数据库来自更新版本的程序</source>
      <translation>The local database comes from a newer version of the program</translation>
    </message>
    <message>
      <source>请安装最新版本的一窗通</source>
      <translation>Please install the latest version of OneWindow</translation>
    </message>
    <message>
      <source>材料文件编号无效</source>
      <translation>Invalid material file id</translation>
    </message>
    <message>
      <source>找不到材料文件</source>
      <translation>Material file not found</translation>
    </message>
    <message>
      <source>材料文件已丢失</source>
      <translation>A material file is missing</translation>
    </message>
    <message>
      <source>请重新扫描该材料</source>
      <translation>Please scan that material again</translation>
    </message>
    <message>
      <source>材料文件校验失败，可能已损坏</source>
      <translation>Material file failed its check and may be damaged</translation>
    </message>
    <message>
      <source>只有已提交的办件才能保存待上报</source>
      <translation>Only submitted applications can be queued for upload</translation>
    </message>
    <message>
      <source>办件缺少受理编号</source>
      <translation>The application has no receipt number</translation>
    </message>
    <message>
      <source>该办件已保存过，内容不同，不能覆盖</source>
      <translation>This application was saved before with different content and cannot be overwritten</translation>
    </message>
    <message>
      <source>受理编号 {receipt} 已被另一办件使用</source>
      <translation>Receipt number {receipt} is already used by another case</translation>
    </message>
    <message>
      <source>办件引用的材料文件不在本机存储中</source>
      <translation>A material file of the application is not in this device's store</translation>
    </message>
    <message>
      <source>请重新扫描该材料后再提交</source>
      <translation>Please scan that material again before submitting</translation>
    </message>
    <message>
      <source>本机没有这个办件</source>
      <translation>This application is not on this device</translation>
    </message>
    <message>
      <source>没有编号为 {entry} 的待上报记录</source>
      <translation>There is no outbox entry number {entry}</translation>
    </message>
    <message>
      <source>记录 {entry} 已上报，无需重试</source>
      <translation>Entry {entry} has already been sent; no need to retry</translation>
    </message>
    <message>
      <source>不认识的记录类型 {kind}</source>
      <translation>Unknown record kind {kind}</translation>
    </message>
    <message>
      <source>出件记录只能通过出件操作保存</source>
      <translation>A hand-over record can only be saved by the hand-over itself</translation>
    </message>
    <message>
      <source>请在“出件”页面确认出件</source>
      <translation>Confirm the hand-over on the “Pickup” page</translation>
    </message>
    <message>
      <source>该记录已保存过，内容不同，不能覆盖</source>
      <translation>This record was saved before with different content and cannot be overwritten</translation>
    </message>
    <message>
      <source>本机没有这条记录</source>
      <translation>This record is not on this device</translation>
    </message>
    <message>
      <source>本机没有这个办件，无法补正</source>
      <translation>This case is not on this device; no supplement can be added</translation>
    </message>
    <message>
      <source>补正引用的材料文件不在本机存储中</source>
      <translation>A material file of the supplement is not in this device's store</translation>
    </message>
    <message>
      <source>该办件已出件，不能重复出件</source>
      <translation>This case has already been handed over; it cannot be handed over again</translation>
    </message>
    <message>
      <source>请核对受理编号；如有疑问请查看办件留痕或联系后台</source>
      <translation>Check the receipt number; if in doubt, look at the case's trail or contact the back office</translation>
    </message>
    <message>
      <source>该办件还没有办结，暂不能出件</source>
      <translation>This case is not decided yet; it cannot be handed over</translation>
    </message>
    <message>
      <source>请等后台办结（办件列表中为“待取件”）后再出件</source>
      <translation>Wait until the back office has decided it (shown as “ready for pickup” in the case list), then hand it over</translation>
    </message>
    <message>
      <source>这不是一窗通的离线数据包</source>
      <translation>This is not a OneWindow offline bundle</translation>
    </message>
    <message>
      <source>请选择 .owbundle 文件</source>
      <translation>Choose a .owbundle file</translation>
    </message>
    <message>
      <source>这不是后台的回执文件</source>
      <translation>This is not an answer file from the back office</translation>
    </message>
    <message>
      <source>请选择 .owanswer 文件</source>
      <translation>Choose a .owanswer file</translation>
    </message>
    <message>
      <source>离线数据包已损坏或被改动</source>
      <translation>The offline bundle is damaged or was changed</translation>
    </message>
    <message>
      <source>请在设备上重新导出</source>
      <translation>Export it again on the device</translation>
    </message>
    <message>
      <source>数据包来自未登记的设备 {device}</source>
      <translation>The bundle comes from a device that is not enrolled: {device}</translation>
    </message>
    <message>
      <source>请先登记该设备，再导入</source>
      <translation>Enrol the device first, then import</translation>
    </message>
    <message>
      <source>设备 {device} 的数据包签名不符，未导入任何内容</source>
      <translation>The signature of the bundle from device {device} does not match; nothing was imported</translation>
    </message>
    <message>
      <source>数据包不是为本后台加密的</source>
      <translation>The bundle was not encrypted for this back office</translation>
    </message>
    <message>
      <source>数据包中的材料文件 {file_id} 校验不符</source>
      <translation>The file {file_id} in the bundle does not match its checksum</translation>
    </message>
    <message>
      <source>本设备没有后台的密钥，无法导出或读取回执</source>
      <translation>This device has no key of the back office: it cannot export or read answers</translation>
    </message>
    <message>
      <source>请重新登记本设备（onewindow sync enroll）</source>
      <translation>Enrol this device again (onewindow sync enroll)</translation>
    </message>
    <message>
      <source>回执的签名不是本后台的，未作任何改动</source>
      <translation>The answer is not signed by this device's back office; nothing was changed</translation>
    </message>
    <message>
      <source>请使用后台导入时生成的回执文件</source>
      <translation>Use the answer file written when the back office imported the bundle</translation>
    </message>
    <message>
      <source>回执是给设备 {device} 的，不是本设备的</source>
      <translation>The answer is for device {device}, not this one</translation>
    </message>
    <message>
      <source>同步出错</source>
      <translation>Sync error</translation>
    </message>
    <message>
      <source>后台无法连接</source>
      <translation>The back office cannot be reached</translation>
    </message>
    <message>
      <source>本机记录无法读取：{detail}</source>
      <translation>The record on this device cannot be read: {detail}</translation>
    </message>
    <message>
      <source>本机材料文件无法读取：{detail}</source>
      <translation>A material file on this device cannot be read: {detail}</translation>
    </message>
    <message>
      <source>打印记录已损坏</source>
      <translation>The print record is damaged</translation>
    </message>
    <message>
      <source>数据库与设备密钥不匹配</source>
      <translation>The database does not match the device key</translation>
    </message>
    <message>
      <source>数据库无法读取（{error}）</source>
      <translation>The database cannot be read ({error})</translation>
    </message>
    <message>
      <source>完整性检查未通过（{count} 处错误）</source>
      <translation>The integrity check failed ({count} problem(s))</translation>
    </message>
    <message>
      <source>数据库文件是空的（0 字节）</source>
      <translation>the database file is empty (0 bytes)</translation>
    </message>
    <message>
      <source>损坏的数据库完全无法读取，其中的办件不明</source>
      <translation>the damaged database cannot be read at all; the cases in it are unknown</translation>
    </message>
    <message>
      <source>请核对纸质受理回执，送交后台</source>
      <translation>Check the paper receipts and take them to the back office</translation>
    </message>
    <message>
      <source>办件记录已损坏，无法恢复</source>
      <translation>the case record is damaged and cannot be salvaged</translation>
    </message>
    <message>
      <source>办件由另一把设备密钥加密，本机无法读取</source>
      <translation>the case was encrypted with another device key and cannot be read here</translation>
    </message>
    <message>
      <source>如能找回原来的 device.key，请联系管理员恢复</source>
      <translation>If the original device.key can be found, ask the administrator to restore it</translation>
    </message>
    <message>
      <source>办件的材料文件已丢失，无法恢复</source>
      <translation>the case's scanned files are lost; the case cannot be salvaged</translation>
    </message>
    <message>
      <source>补正、评价或出件记录已损坏，无法恢复</source>
      <translation>a supplement, evaluation or hand-over record is damaged and cannot be salvaged</translation>
    </message>
    <message>
      <source>只找到受理编号，办件内容无法恢复</source>
      <translation>only the receipt number was found; the case itself cannot be salvaged</translation>
    </message>
    <message>
      <source>编号不明</source>
      <translation>number unknown</translation>
    </message>
    <message>
      <source>有 {count} 件办件未能从损坏的数据库中恢复（受理编号：{receipts}）</source>
      <translation>{count} case(s) could not be salvaged from the damaged database (receipt numbers: {receipts})</translation>
    </message>
    <message>
      <source>请把纸质材料送交后台，再由工作人员确认（onewindow sync acknowledge）</source>
      <translation>Take the paper copies to the back office by hand, then staff acknowledge it (onewindow sync acknowledge)</translation>
    </message>
    <message>
      <source>有 {count} 件办件未能从损坏的数据库中恢复（受理编号：{receipts}；另有 {unknown} 件编号不明）</source>
      <translation>{count} case(s) could not be salvaged from the damaged database (receipt numbers: {receipts}; {unknown} more with unknown numbers)</translation>
    </message>
    <message>
      <source>有 {count} 项未能从损坏的数据库中恢复，受理编号不明</source>
      <translation>{count} item(s) could not be salvaged from the damaged database; receipt numbers unknown</translation>
    </message>
    <message>
      <source>请核对纸质受理回执并送交后台，再由工作人员确认（onewindow sync acknowledge）</source>
      <translation>Check the paper receipts and take them to the back office by hand, then staff acknowledge it (onewindow sync acknowledge)</translation>
    </message>
    <message>
      <source>证件出生日期与身份证号码不一致</source>
      <translation>The card's birth date does not match the ID number</translation>
    </message>
    <message>
      <source>请到人工窗口核验证件</source>
      <translation>Please have the card checked at a staffed window</translation>
    </message>
    <message>
      <source>证件已于{valid_to:%Y年%m月%d日}过期</source>
      <translation>This ID card expired on {valid_to:%Y-%m-%d}</translation>
    </message>
    <message>
      <source>请先办理证件换领，或到人工窗口咨询</source>
      <translation>Please renew the card first, or ask at a staffed window</translation>
    </message>
    <message>
      <source>证件性别与身份证号码不一致</source>
      <translation>The card's gender does not match the ID number</translation>
    </message>
    <message>
      <source>身份证号码中的出生日期不合理</source>
      <translation>The birth date in the ID number is not plausible</translation>
    </message>
    <message>
      <source>请核对证件</source>
      <translation>Please check the card</translation>
    </message>
    <message>
      <source>身份证号码中的出生日期无效</source>
      <translation>The birth date in the ID number is invalid</translation>
    </message>
    <message>
      <source>请核对证件，或到人工窗口办理</source>
      <translation>Please check the card, or go to a staffed window</translation>
    </message>
    <message>
      <source>身份证号码校验位不正确</source>
      <translation>The ID number's check digit is wrong</translation>
    </message>
    <message>
      <source>请核对号码是否输错</source>
      <translation>Please check the number for typing mistakes</translation>
    </message>
    <message>
      <source>身份证号码格式不正确，应为18位</source>
      <translation>The ID number format is wrong; it must have 18 characters</translation>
    </message>
    <message>
      <source>请核对号码，最后一位可以是数字或X</source>
      <translation>Please check the number; the last character may be a digit or X</translation>
    </message>
    <message>
      <source>永久居留证号码格式不正确</source>
      <translation>The permanent residence card number format is wrong</translation>
    </message>
    <message>
      <source>请填写统一社会信用代码</source>
      <translation>Please enter the unified social credit code</translation>
    </message>
    <message>
      <source>见营业执照上的18位代码</source>
      <translation>It is the 18-character code on the business licence</translation>
    </message>
    <message>
      <source>统一社会信用代码应为18位，现为{length}位</source>
      <translation>The unified social credit code has 18 characters; this one has {length}</translation>
    </message>
    <message>
      <source>请对照营业执照核对代码</source>
      <translation>Check the code against the business licence</translation>
    </message>
    <message>
      <source>统一社会信用代码第{position}位的“{char}”不是允许的字符</source>
      <translation>Character {position} of the unified social credit code, "{char}", is not allowed there</translation>
    </message>
    <message>
      <source>代码只含数字和大写字母（没有 I、O、S、V、Z），第3至8位是数字</source>
      <translation>The code has only digits and capital letters (no I, O, S, V, Z); characters 3 to 8 are digits</translation>
    </message>
    <message>
      <source>统一社会信用代码第{position}位（校验码）“{char}”不正确</source>
      <translation>Character {position} of the unified social credit code (the check character), "{char}", is wrong</translation>
    </message>
    <message>
      <source>前17位中可能有一位输错，请对照营业执照逐位核对</source>
      <translation>One of the first 17 characters may be mistyped; check each against the business licence</translation>
    </message>
    <message>
      <source>此社会保障卡需要密码或专用设备才能读取</source>
      <translation>This social security card needs a PIN or special equipment to read</translation>
    </message>
    <message>
      <source>请到人工窗口办理</source>
      <translation>Please go to a staffed window</translation>
    </message>
    <message>
      <source>读取社会保障卡失败</source>
      <translation>Reading the social security card failed</translation>
    </message>
    <message>
      <source>请重新插卡；仍不行请到人工窗口办理</source>
      <translation>Please insert the card again; if it still fails, go to a staffed window</translation>
    </message>
    <message>
      <source>社会保障卡文件无法选取</source>
      <translation>The social security card's files cannot be selected</translation>
    </message>
    <message>
      <source>证件中的日期格式错误</source>
      <translation>A date on the card is malformed</translation>
    </message>
    <message>
      <source>请将证件移开后重新放置</source>
      <translation>Please lift the card and place it again</translation>
    </message>
    <message>
      <source>证件中的日期无效</source>
      <translation>A date on the card is invalid</translation>
    </message>
    <message>
      <source>证件信息编码错误，无法读取</source>
      <translation>The card's text encoding is wrong; it cannot be read</translation>
    </message>
    <message>
      <source>证件中的性别代码无效</source>
      <translation>The gender code on the card is invalid</translation>
    </message>
    <message>
      <source>证件中没有出生日期</source>
      <translation>The card has no birth date</translation>
    </message>
    <message>
      <source>证件中没有姓名</source>
      <translation>The card has no name</translation>
    </message>
    <message>
      <source>证件中没有证件号码</source>
      <translation>The card has no ID number</translation>
    </message>
    <message>
      <source>证件文字信息长度不是256字节</source>
      <translation>The card's text block is not 256 bytes</translation>
    </message>
    <message>
      <source>无法识别的证件类型标识</source>
      <translation>Unrecognised card type flag</translation>
    </message>
    <message>
      <source>请放置居民身份证或居住证、永久居留身份证</source>
      <translation>Please place a resident ID card, residence permit or permanent residence card</translation>
    </message>
    <message>
      <source>读卡过程中卡片被拔出</source>
      <translation>The card was pulled out while reading</translation>
    </message>
    <message>
      <source>请重新插入卡片，读完前不要拔卡</source>
      <translation>Insert the card again and leave it in until reading is done</translation>
    </message>
    <message>
      <source>卡片无响应</source>
      <translation>The card does not answer</translation>
    </message>
    <message>
      <source>请确认卡片芯片朝向正确，重新插卡</source>
      <translation>Check that the chip faces the right way and insert the card again</translation>
    </message>
    <message>
      <source>此卡片暂不支持</source>
      <translation>This card is not supported</translation>
    </message>
    <message>
      <source>请使用社会保障卡，或到人工窗口办理</source>
      <translation>Please use a social security card, or go to a staffed window</translation>
    </message>
    <message>
      <source>社会保障卡中的日期格式错误</source>
      <translation>A date on the social security card is malformed</translation>
    </message>
    <message>
      <source>请重新插卡</source>
      <translation>Please insert the card again</translation>
    </message>
    <message>
      <source>社会保障卡中的日期无效</source>
      <translation>A date on the social security card is invalid</translation>
    </message>
    <message>
      <source>社会保障卡中的数字格式错误</source>
      <translation>A number on the social security card is malformed</translation>
    </message>
    <message>
      <source>社会保障卡中的文字编码错误</source>
      <translation>The social security card's text encoding is wrong</translation>
    </message>
    <message>
      <source>社会保障卡中的性别代码无效</source>
      <translation>The gender code on the social security card is invalid</translation>
    </message>
    <message>
      <source>社会保障卡数据长度错误</source>
      <translation>The social security card's data has the wrong length</translation>
    </message>
    <message>
      <source>社会保障卡中没有姓名或社会保障号码</source>
      <translation>The social security card has no name or social security number</translation>
    </message>
    <message>
      <source>社会保障卡中的号码格式错误</source>
      <translation>A number on the social security card has the wrong format</translation>
    </message>
    <message>
      <source>读卡器返回的数据校验错误</source>
      <translation>The card reader's data failed its checksum</translation>
    </message>
    <message>
      <source>请将证件移开后重新平放在读卡区</source>
      <translation>Please lift the card and lay it flat on the reader again</translation>
    </message>
    <message>
      <source>读卡器返回的数据格式错误</source>
      <translation>The card reader's data is malformed</translation>
    </message>
    <message>
      <source>读卡器返回的数据长度错误</source>
      <translation>The card reader's data has the wrong length</translation>
    </message>
    <message>
      <source>读卡器返回的证件数据不完整</source>
      <translation>The card data from the reader is incomplete</translation>
    </message>
    <message>
      <source>读卡器收到的命令长度错误</source>
      <translation>The card reader received a command with a bad length</translation>
    </message>
    <message>
      <source>请重试</source>
      <translation>Please try again</translation>
    </message>
    <message>
      <source>读卡器返回的证件数据长度不一致</source>
      <translation>The card data lengths from the reader disagree</translation>
    </message>
    <message>
      <source>读卡器返回的安全模块编号不完整</source>
      <translation>The security module id from the reader is incomplete</translation>
    </message>
    <message>
      <source>读卡器返回的数据不完整</source>
      <translation>The card reader's data is incomplete</translation>
    </message>
    <message>
      <source>读卡中断，证件数据没有读完</source>
      <translation>Reading was interrupted before the card data was complete</translation>
    </message>
    <message>
      <source>读卡器无响应</source>
      <translation>The card reader does not answer</translation>
    </message>
    <message>
      <source>请检查读卡器的电源和连接线</source>
      <translation>Check the card reader's power and cable</translation>
    </message>
    <message>
      <source>读卡器收到的命令校验和错误</source>
      <translation>The card reader received a command with a bad checksum</translation>
    </message>
    <message>
      <source>请重试；反复出现请检查读卡器连接线</source>
      <translation>Please try again; if it keeps happening, check the reader's cable</translation>
    </message>
    <message>
      <source>读卡器不支持该命令</source>
      <translation>The card reader does not support this command</translation>
    </message>
    <message>
      <source>请联系管理员检查读卡器型号</source>
      <translation>Administrator: please check the card reader model</translation>
    </message>
    <message>
      <source>读卡器拒绝了该操作</source>
      <translation>The card reader refused the operation</translation>
    </message>
    <message>
      <source>读卡器报告未知错误</source>
      <translation>The card reader reported an unknown error</translation>
    </message>
    <message>
      <source>证件信息校验失败</source>
      <translation>Card data failed its check</translation>
    </message>
    <message>
      <source>证件认证失败</source>
      <translation>Card authentication failed</translation>
    </message>
    <message>
      <source>无法识别的证件类型</source>
      <translation>Unrecognised card type</translation>
    </message>
    <message>
      <source>读取证件失败</source>
      <translation>Reading the card failed</translation>
    </message>
    <message>
      <source>读卡器取随机数失败</source>
      <translation>The card reader failed to get a random number</translation>
    </message>
    <message>
      <source>读卡器安全模块自检失败</source>
      <translation>The card reader's security module failed its self-test</translation>
    </message>
    <message>
      <source>读卡器需要维修，请到人工窗口办理</source>
      <translation>The card reader needs repair; please go to a staffed window</translation>
    </message>
    <message>
      <source>读卡器安全模块未经授权</source>
      <translation>The card reader's security module is not authorised</translation>
    </message>
    <message>
      <source>请联系管理员更换经授权的读卡器</source>
      <translation>Administrator: please replace it with an authorised reader</translation>
    </message>
    <message>
      <source>未找到证件</source>
      <translation>No card found</translation>
    </message>
    <message>
      <source>请将证件平放在读卡区</source>
      <translation>Please lay the card flat on the reader</translation>
    </message>
    <message>
      <source>选取证件失败</source>
      <translation>Selecting the card failed</translation>
    </message>
    <message>
      <source>证件中没有该项内容</source>
      <translation>The card has no such content</translation>
    </message>
    <message>
      <source>读卡器返回了未知状态</source>
      <translation>The card reader returned an unknown status</translation>
    </message>
    <message>
      <source>读卡器未启动</source>
      <translation>Card reader not started</translation>
    </message>
    <message>
      <source>读卡器已停止</source>
      <translation>Card reader stopped</translation>
    </message>
    <message>
      <source>读卡器已断开</source>
      <translation>Card reader disconnected</translation>
    </message>
    <message>
      <source>请检查读卡器连接</source>
      <translation>Check the card reader connection</translation>
    </message>
    <message>
      <source>PC/SC 支持未安装</source>
      <translation>PC/SC support is not installed</translation>
    </message>
    <message>
      <source>请安装 pcscd 和 pyscard</source>
      <translation>Please install pcscd and pyscard</translation>
    </message>
    <message>
      <source>串口支持未安装</source>
      <translation>Serial support is not installed</translation>
    </message>
    <message>
      <source>请安装 pyserial</source>
      <translation>Please install pyserial</translation>
    </message>
    <message>
      <source>没有找到串口设备</source>
      <translation>No serial device found</translation>
    </message>
    <message>
      <source>请插好身份证读卡器，或在配置中填写 devices.id_reader.port</source>
      <translation>Plug in the ID card reader, or set devices.id_reader.port in the config</translation>
    </message>
    <message>
      <source>未找到身份证读卡器</source>
      <translation>No ID card reader found</translation>
    </message>
    <message>
      <source>请检查读卡器电源和连接线，或核对端口和波特率设置</source>
      <translation>Check the reader's power and cable, or the configured port and baud rate</translation>
    </message>
    <message>
      <source>读卡器未打开</source>
      <translation>Card reader not open</translation>
    </message>
    <message>
      <source>找不到读卡器串口</source>
      <translation>The card reader's serial port cannot be found</translation>
    </message>
    <message>
      <source>请检查读卡器连接线和 devices.id_reader.port</source>
      <translation>Check the reader's cable and devices.id_reader.port</translation>
    </message>
    <message>
      <source>读卡器串口读写失败</source>
      <translation>Reading or writing the card reader's serial port failed</translation>
    </message>
    <message>
      <source>请检查读卡器的连接线</source>
      <translation>Check the card reader's cable</translation>
    </message>
    <message>
      <source>读卡器已拔出</source>
      <translation>The card reader was unplugged</translation>
    </message>
    <message>
      <source>请插好读卡器</source>
      <translation>Please plug in the card reader</translation>
    </message>
    <message>
      <source>虚拟读卡器未连接</source>
      <translation>Virtual card reader not connected</translation>
    </message>
    <message>
      <source>模拟拔出状态</source>
      <translation>Simulated unplugged state</translation>
    </message>
    <message>
      <source>照片解码库文件不存在</source>
      <translation>The photo decoding library file does not exist</translation>
    </message>
    <message>
      <source>请检查 devices.id_reader.wlt_library 的路径</source>
      <translation>Check the path in devices.id_reader.wlt_library</translation>
    </message>
    <message>
      <source>照片解码库无法加载</source>
      <translation>The photo decoding library cannot be loaded</translation>
    </message>
    <message>
      <source>高拍仪未启动</source>
      <translation>Document camera not started</translation>
    </message>
    <message>
      <source>高拍仪已停止</source>
      <translation>Document camera stopped</translation>
    </message>
    <message>
      <source>高拍仪已断开</source>
      <translation>Document camera disconnected</translation>
    </message>
    <message>
      <source>目录 {folder} 中没有图片</source>
      <translation>There are no images in folder {folder}</translation>
    </message>
    <message>
      <source>图片目录不见了</source>
      <translation>The image folder is missing</translation>
    </message>
    <message>
      <source>请检查配置的图片目录</source>
      <translation>Check the configured image folder</translation>
    </message>
    <message>
      <source>找不到样例图片目录 {folder}</source>
      <translation>Sample image folder {folder} not found</translation>
    </message>
    <message>
      <source>无法读取图片 {file}</source>
      <translation>Cannot read image {file}</translation>
    </message>
    <message>
      <source>摄像头没有画面</source>
      <translation>The camera gives no picture</translation>
    </message>
    <message>
      <source>请检查高拍仪连接</source>
      <translation>Check the document camera connection</translation>
    </message>
    <message>
      <source>摄像头未打开</source>
      <translation>Camera not open</translation>
    </message>
    <message>
      <source>无法打开摄像头</source>
      <translation>Cannot open the camera</translation>
    </message>
    <message>
      <source>请检查高拍仪连接或配置的 source</source>
      <translation>Check the document camera connection or the configured source</translation>
    </message>
    <message>
      <source>高拍仪不可用</source>
      <translation>Document camera unavailable</translation>
    </message>
    <message>
      <source>连接不上语音服务 {address}：{why}</source>
      <translation>Cannot reach the speech service {address}: {why}</translation>
    </message>
    <message>
      <source>请检查 speech-dispatcher 是否已安装并在运行（spd-say 测试）</source>
      <translation>Check that speech-dispatcher is installed and running (test with spd-say)</translation>
    </message>
    <message>
      <source>语音服务连接已断开</source>
      <translation>The connection to the speech service was lost</translation>
    </message>
    <message>
      <source>会自动重连；持续出现请重启 speech-dispatcher</source>
      <translation>It reconnects by itself; if this persists, restart speech-dispatcher</translation>
    </message>
    <message>
      <source>语音服务拒绝了命令：{reply}</source>
      <translation>The speech service refused a command: {reply}</translation>
    </message>
    <message>
      <source>请检查 speech-dispatcher 的配置</source>
      <translation>Check the speech-dispatcher configuration</translation>
    </message>
    <message>
      <source>语音服务没有 {language} 语言的声音</source>
      <translation>The speech service has no voice for language {language}</translation>
    </message>
    <message>
      <source>请安装 espeak-ng（含普通话 cmn 声音）</source>
      <translation>Install espeak-ng (with its Mandarin cmn voice)</translation>
    </message>
    <message>
      <source>无法读取图片 {path}</source>
      <translation>Cannot read the image {path}</translation>
    </message>
    <message>
      <source>请给出一张 JPEG、PNG 或 BMP 照片</source>
      <translation>Give a JPEG, PNG or BMP photo</translation>
    </message>
    <message>
      <source>图片 {path} 只有 {width}×{height} 像素，看不出材料</source>
      <translation>The image {path} is only {width}×{height} pixels: no page can be seen in it</translation>
    </message>
    <message>
      <source>请用高拍仪或手机重新拍一张</source>
      <translation>Take a new photo with the document camera or a phone</translation>
    </message>
    <message>
      <source>图片 {path} 有 {pixels} 像素，超过上限 {limit} 像素</source>
      <translation>The image {path} has {pixels} pixels, more than the limit of {limit}</translation>
    </message>
    <message>
      <source>请把照片缩小后再试</source>
      <translation>Make the photo smaller and try again</translation>
    </message>
    <message>
      <source>材料的四个角不对</source>
      <translation>The material's four corners are not right</translation>
    </message>
    <message>
      <source>请拖动四个角对准材料边缘，或重新拍摄</source>
      <translation>Drag the four corners onto the material's edges, or capture again</translation>
    </message>
    <message>
      <source>页面编码失败</source>
      <translation>Encoding the page failed</translation>
    </message>
    <message>
      <source>请重新拍摄</source>
      <translation>Please capture again</translation>
    </message>
    <message>
      <source>原始画面已损坏</source>
      <translation>The original picture is damaged</translation>
    </message>
    <message>
      <source>请重新拍摄这一页</source>
      <translation>Please capture this page again</translation>
    </message>
    <message>
      <source>画面编码失败</source>
      <translation>Encoding the picture failed</translation>
    </message>
    <message>
      <source>没有画面</source>
      <translation>No picture</translation>
    </message>
    <message>
      <source>请检查高拍仪后重新拍摄</source>
      <translation>Check the document camera and capture again</translation>
    </message>
    <message>
      <source>没有可以保存的页面</source>
      <translation>No pages to save</translation>
    </message>
    <message>
      <source>请先拍摄至少一页</source>
      <translation>Capture at least one page first</translation>
    </message>
    <message>
      <source>处理页面时出错</source>
      <translation>Error while processing the page</translation>
    </message>
    <message>
      <source>页面无法合成为PDF</source>
      <translation>The pages cannot be combined into a PDF</translation>
    </message>
    <message>
      <source>请删除有问题的页面后重新拍摄</source>
      <translation>Delete the problem page and capture it again</translation>
    </message>
    <message>
      <source>找不到中文字体</source>
      <translation>No Chinese font found</translation>
    </message>
    <message>
      <source>请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）</source>
      <translation>Install fonts-noto-cjk (apt-get install fonts-noto-cjk)</translation>
    </message>
    <message>
      <source>拼音输入暂不可用（缺少 libgooglepinyin）</source>
      <translation>Pinyin input is not available (libgooglepinyin is missing)</translation>
    </message>
    <message>
      <source>请改用手写或其他键盘，或请工作人员协助</source>
      <translation>Please use handwriting or another keyboard, or ask a member of staff for help</translation>
    </message>
    <message>
      <source>手写输入暂不可用（缺少 Zinnia 手写识别）</source>
      <translation>Handwriting input is not available (the Zinnia recogniser is missing)</translation>
    </message>
    <message>
      <source>请改用拼音或其他键盘，或请工作人员协助</source>
      <translation>Please use pinyin or another keyboard, or ask a member of staff for help</translation>
    </message>
    <message>
      <source>打印机盖未关好</source>
      <translation>The printer cover is open</translation>
    </message>
    <message>
      <source>请合上打印机盖后重试</source>
      <translation>Please close the printer cover and try again</translation>
    </message>
    <message>
      <source>打印机故障（切刀卡纸或过热）</source>
      <translation>Printer fault (cutter jam or overheating)</translation>
    </message>
    <message>
      <source>请打开打印机盖清除卡纸，稍候再试</source>
      <translation>Open the printer cover, clear the jam, and try again shortly</translation>
    </message>
    <message>
      <source>该单据正在等待打印</source>
      <translation>This document is waiting to be printed</translation>
    </message>
    <message>
      <source>打印机恢复后会自动打印，无需补打</source>
      <translation>It prints by itself once the printer is back; no need to reprint</translation>
    </message>
    <message>
      <source>未配置打印机</source>
      <translation>No printer configured</translation>
    </message>
    <message>
      <source>请到人工窗口打印</source>
      <translation>Please print at a staffed window</translation>
    </message>
    <message>
      <source>程序退出前未打印</source>
      <translation>Not printed before the program closed</translation>
    </message>
    <message>
      <source>下次启动后会自动打印</source>
      <translation>It prints by itself at the next start</translation>
    </message>
    <message>
      <source>打印机未启动</source>
      <translation>Printer not started</translation>
    </message>
    <message>
      <source>打印机已停止</source>
      <translation>Printer stopped</translation>
    </message>
    <message>
      <source>打印机未连接或未就绪</source>
      <translation>Printer not connected or not ready</translation>
    </message>
    <message>
      <source>请检查打印机电源和连接线</source>
      <translation>Check the printer's power and cable</translation>
    </message>
    <message>
      <source>打印机缺纸</source>
      <translation>The printer is out of paper</translation>
    </message>
    <message>
      <source>请更换打印纸后重试</source>
      <translation>Please load paper and try again</translation>
    </message>
    <message>
      <source>问题 {question} 的选项无效</source>
      <translation>Invalid option for question {question}</translation>
    </message>
    <message>
      <source>无法读取事项目录文件 {path}（{why}）</source>
      <translation>Cannot read the catalog file {path} ({why})</translation>
    </message>
    <message>
      <source>请检查配置项 catalog_file，或把它留空以使用后台下发的目录</source>
      <translation>Check the setting catalog_file, or leave it empty to use the catalog the back office sends</translation>
    </message>
    <message>
      <source>事项目录格式错误：{detail}</source>
      <translation>The service catalog is malformed: {detail}</translation>
    </message>
    <message>
      <source>请联系管理员更新目录</source>
      <translation>Please ask the administrator to update the catalog</translation>
    </message>
    <message>
      <source>目录中没有“一件事” {bundle}</source>
      <translation>The catalog has no bundle {bundle}</translation>
    </message>
    <message>
      <source>目录中没有人生事件 {event}</source>
      <translation>The catalogue has no life event {event}</translation>
    </message>
    <message>
      <source>目录中没有事项 {item}</source>
      <translation>The catalog has no service {item}</translation>
    </message>
    <message>
      <source>请刷新事项目录或咨询工作人员</source>
      <translation>Please refresh the service catalog or ask staff</translation>
    </message>
    <message>
      <source>事项 {item} 没有材料 {material}</source>
      <translation>Service {item} has no material {material}</translation>
    </message>
    <message>
      <source>请先回答：{text}</source>
      <translation>Please answer first: {text}</translation>
    </message>
    <message>
      <source>办件状态不能从“{from_label}”变为“{to_label}”</source>
      <translation>A case cannot go from “{from_label}” to “{to_label}”</translation>
    </message>
    <message>
      <source>办件已提交，不能再修改</source>
      <translation>The application has been submitted and can no longer be changed</translation>
    </message>
    <message>
      <source>如需补充材料，请办理补正</source>
      <translation>To add materials, submit a supplement</translation>
    </message>
    <message>
      <source>缺少必须提交的材料：{material_name}</source>
      <translation>A required material is missing: {material_name}</translation>
    </message>
    <message>
      <source>请扫描该材料后再提交</source>
      <translation>Please scan this material before submitting</translation>
    </message>
    <message>
      <source>该办件没有待补正的材料</source>
      <translation>This case has no materials to supply</translation>
    </message>
    <message>
      <source>无需打印补正材料通知书</source>
      <translation>No notice of materials to supply is needed</translation>
    </message>
    <message>
      <source>办件没有材料 {material}</source>
      <translation>The case has no material {material}</translation>
    </message>
    <message>
      <source>未完成的受理“{item}”无法继续：目录中已没有这个事项</source>
      <translation>The unfinished intake “{item}” cannot go on: the catalog no longer has this item</translation>
    </message>
    <message>
      <source>请放弃这份草稿，重新选择事项受理</source>
      <translation>Discard this draft and take the case in again with an item from the catalog</translation>
    </message>
    <message>
      <source>请从选项中选择{label}</source>
      <translation>Please choose {label} from the options</translation>
    </message>
    <message>
      <source>日期格式应为 年-月-日，例如 2026-01-31</source>
      <translation>Write the date as year-month-day, e.g. 2026-01-31</translation>
    </message>
    <message>
      <source>手机号码应为11位数字，以1开头</source>
      <translation>A mobile number has 11 digits and starts with 1</translation>
    </message>
    <message>
      <source>请填写{label}</source>
      <translation>Please fill in {label}</translation>
    </message>
    <message>
      <source>受理编号格式不正确</source>
      <translation>The receipt number is not in the right format</translation>
    </message>
    <message>
      <source>请按回执上的受理编号完整输入，或扫描回执二维码</source>
      <translation>Enter the whole receipt number from the receipt, or scan the receipt's QR code</translation>
    </message>
    <message>
      <source>领取人不是该办件的申请人或登记的代办人，不能出件</source>
      <translation>The collector is neither the applicant nor the recorded agent of this case; it cannot be handed over</translation>
    </message>
    <message>
      <source>请申请人本人持身份证领取；由他人代领的，须是受理时登记的代办人并出示其身份证</source>
      <translation>The applicant collects in person with their ID card; someone else may collect only as the agent recorded at intake, showing their own ID card</translation>
    </message>
    <message>
      <source>本窗口没有这个受理编号的办件</source>
      <translation>This window has no case with this receipt number</translation>
    </message>
    <message>
      <source>请核对受理编号；其他窗口或网上受理的办件请到受理处领取</source>
      <translation>Check the receipt number; cases accepted at another window or online are collected where they were accepted</translation>
    </message>
    <message>
      <source>办件还有待补正的材料：{materials}，不能出件</source>
      <translation>The application still lacks documents: {materials}; the result cannot be handed out</translation>
    </message>
    <message>
      <source>请申请人先补交这些材料（窗口或自助终端“补交材料”），或由审核人员决定免于补正</source>
      <translation>The applicant hands them in first (at a window or with "Hand in documents" on a kiosk), or a reviewer waives them</translation>
    </message>
    <message>
      <source>这份办件没有待补交的材料</source>
      <translation>This application needs no more documents</translation>
    </message>
    <message>
      <source>材料已齐全，无需补交；可凭受理回执查询进度</source>
      <translation>The documents are complete; use the receipt to follow its progress</translation>
    </message>
    <message>
      <source>没有找到需要补交材料的办件</source>
      <translation>No application needing documents was found</translation>
    </message>
    <message>
      <source>请核对受理编号和校验码（见受理回执二维码下方），或刷身份证查找</source>
      <translation>Check the receipt number and check code (under the receipt's QR code), or find it with your ID card</translation>
    </message>
    <message>
      <source>受理编号或校验码格式不正确</source>
      <translation>The receipt number or check code is not well formed</translation>
    </message>
    <message>
      <source>受理编号形如 FS01-K01-20261124-0007，校验码是8位字母和数字</source>
      <translation>A receipt number looks like FS01-K01-20261124-0007; the check code is 8 letters and digits</translation>
    </message>
    <message>
      <source>还没有拍摄要补交的材料</source>
      <translation>No document to hand in has been scanned yet</translation>
    </message>
    <message>
      <source>请选择材料，放到镜头下拍摄后再提交</source>
      <translation>Choose a document, scan it under the camera, then submit</translation>
    </message>
    <message>
      <source>材料 {material} 不在待补正清单中</source>
      <translation>Document {material} is not among those due</translation>
    </message>
    <message>
      <source>这份办件不是本机受理的，查找需要连接后台</source>
      <translation>This application was taken elsewhere: finding it needs the back office</translation>
    </message>
    <message>
      <source>请稍后再试，或到人工窗口补交</source>
      <translation>Try again later, or hand the documents in at a staffed window</translation>
    </message>
    <message>
      <source>网上申报号格式不正确</source>
      <translation>The online application number is not well formed</translation>
    </message>
    <message>
      <source>网上申报号形如 WS202612030001（WS、8位日期、4位序号）</source>
      <translation>An online application number looks like WS202612030001 (WS, an 8-digit date, a 4-digit sequence)</translation>
    </message>
    <message>
      <source>没有找到这份网上申报</source>
      <translation>No such online application</translation>
    </message>
    <message>
      <source>请核对申报号，或请申请人刷身份证查找</source>
      <translation>Check the number, or ask the applicant to read their ID card</translation>
    </message>
    <message>
      <source>调取网上申报需要连接后台</source>
      <translation>Pulling an online application needs the back office</translation>
    </message>
    <message>
      <source>网络恢复后再试</source>
      <translation>Try again when the network is back</translation>
    </message>
    <message>
      <source>请先用工作人员账号在线登录</source>
      <translation>Sign in online with a staff account first</translation>
    </message>
    <message>
      <source>离线登录不能调取网上申报</source>
      <translation>An offline sign-in cannot pull online applications</translation>
    </message>
    <message>
      <source>这份网上申报还在等待预审，不能当场受理</source>
      <translation>This online application is still awaiting pre-review and cannot be accepted on the spot</translation>
    </message>
    <message>
      <source>请申请人等待预审结果</source>
      <translation>Ask the applicant to wait for the pre-review</translation>
    </message>
    <message>
      <source>这份网上申报已被退回补正：{reason}</source>
      <translation>This online application was returned for correction: {reason}</translation>
    </message>
    <message>
      <source>请申请人按退回理由补正后重新申报</source>
      <translation>Ask the applicant to correct it as the reason says and apply again</translation>
    </message>
    <message>
      <source>这份网上申报已当场受理过（受理编号 {receipt_no}）</source>
      <translation>This online application was already accepted (receipt number {receipt_no})</translation>
    </message>
    <message>
      <source>还有材料没有核验原件：{material_name}</source>
      <translation>An original is not checked yet: {material_name}</translation>
    </message>
    <message>
      <source>逐项核对原件与网上材料后再受理</source>
      <translation>Check each original against the upload before accepting</translation>
    </message>
    <message>
      <source>“{material_name}”原件与网上材料不一致，请在高拍仪上重新拍摄原件</source>
      <translation>The original of "{material_name}" does not match the upload; rescan the original on the document camera</translation>
    </message>
    <message>
      <source>网上申报的材料文件与后台记录不符</source>
      <translation>An uploaded file does not match the back office's record</translation>
    </message>
    <message>
      <source>请稍后重试</source>
      <translation>Please try again later</translation>
    </message>
    <message>
      <source>本窗口没有这个办件，需要回执上的校验码才能向后台查询</source>
      <translation>This window does not have this case; the check code on the receipt is needed to ask the back office</translation>
    </message>
    <message>
      <source>请扫描受理回执上的二维码，或输入受理编号和二维码下方的校验码；也可读取申请人身份证</source>
      <translation>Scan the QR code on the acceptance receipt, or type the receipt number and the check code under the QR code; or read the applicant's ID card</translation>
    </message>
    <message>
      <source>后台没有与受理编号和校验码相符的办件</source>
      <translation>The back office has no case matching this receipt number and check code</translation>
    </message>
    <message>
      <source>请核对受理编号和校验码；刚受理的办件可能还在上传中，请稍后再试</source>
      <translation>Check the receipt number and check code; a case taken in just now may still be uploading, so try again later</translation>
    </message>
    <message>
      <source>其他窗口或大厅受理的办件需要联网才能查询和出件</source>
      <translation>Cases taken in at another window or hall can only be looked up and handed over with the network</translation>
    </message>
    <message>
      <source>请检查网络连接后重试；本窗口受理的办件不受影响</source>
      <translation>Check the network connection and try again; cases taken in at this window are not affected</translation>
    </message>
    <message>
      <source>请等待审批结果后再来领取</source>
      <translation>Please come back for it once it has been decided</translation>
    </message>
    <message>
      <source>邮寄信息不完整</source>
      <translation>The postal details are incomplete</translation>
    </message>
    <message>
      <source>请核对收件地址、收件人和手机号码</source>
      <translation>Check the address, the recipient and the mobile number</translation>
    </message>
    <message>
      <source>请选择收件地址所在的省份</source>
      <translation>Choose the province of the address</translation>
    </message>
    <message>
      <source>请选择或填写收件地址所在的城市</source>
      <translation>Choose or type the city of the address</translation>
    </message>
    <message>
      <source>省份下没有城市可选时，请直接输入城市名称</source>
      <translation>Where the province lists no cities, type the city's name</translation>
    </message>
    <message>
      <source>请选择或填写收件地址所在的区县</source>
      <translation>Choose or type the district of the address</translation>
    </message>
    <message>
      <source>城市下没有区县可选时，请直接输入区县名称</source>
      <translation>Where the city lists no districts, type the district's name</translation>
    </message>
    <message>
      <source>请填写详细地址（街道、门牌号）</source>
      <translation>Fill in the street address (street and number)</translation>
    </message>
    <message>
      <source>至少4个字，例如 体育西路1号2栋301</source>
      <translation>At least 4 characters, e.g. 体育西路1号2栋301</translation>
    </message>
    <message>
      <source>详细地址太长</source>
      <translation>The street address is too long</translation>
    </message>
    <message>
      <source>最多 {limit} 个字</source>
      <translation>At most {limit} characters</translation>
    </message>
    <message>
      <source>请填写收件人姓名</source>
      <translation>Fill in the recipient's name</translation>
    </message>
    <message>
      <source>最多40个字</source>
      <translation>At most 40 characters</translation>
    </message>
    <message>
      <source>手机号码应为11位数字，现在是{count}位</source>
      <translation>A mobile number has 11 digits; this one has {count}</translation>
    </message>
    <message>
      <source>只填数字，不要空格或横线，例如 13812341234</source>
      <translation>Digits only, no spaces or dashes, e.g. 13812341234</translation>
    </message>
    <message>
      <source>这不是手机号码：应以13至19开头</source>
      <translation>This is not a mobile number: it must start with 13 to 19</translation>
    </message>
    <message>
      <source>邮寄送达需要收件人的手机号码，用于快递通知</source>
      <translation>Delivery by post needs the recipient's mobile number for the courier's notices</translation>
    </message>
    <message>
      <source>运单号格式不正确：应为8至20位字母和数字</source>
      <translation>The waybill number is wrong: it has 8 to 20 letters and digits</translation>
    </message>
    <message>
      <source>请扫描快递面单上的条码，或照面单核对后重新输入</source>
      <translation>Scan the barcode on the parcel label, or check the label and type it again</translation>
    </message>
    <message>
      <source>请选择快递公司</source>
      <translation>Choose the carrier</translation>
    </message>
    <message>
      <source>该办件选择的是窗口自取，不能按邮寄出件</source>
      <translation>This case is collected at the window; it cannot be handed out by post</translation>
    </message>
    <message>
      <source>请读取领取人身份证后出件</source>
      <translation>Read the collector's ID card, then hand it out</translation>
    </message>
    <message>
      <source>邮寄送达的办件需要先录入运单号</source>
      <translation>A case sent by post needs its waybill number first</translation>
    </message>
    <message>
      <source>请把快递面单的条码放到高拍仪下，或用扫码枪扫描面单条码</source>
      <translation>Put the parcel label's barcode under the document camera, or scan it with a scanner gun</translation>
    </message>
    <message>
      <source>没有认出受理编号</source>
      <translation>No receipt number recognised</translation>
    </message>
    <message>
      <source>请扫描受理回执上的二维码，或输入受理编号（如 FS01-K01-20261124-0007）</source>
      <translation>Scan the QR code on the acceptance receipt, or type the receipt number (e.g. FS01-K01-20261124-0007)</translation>
    </message>
    <message>
      <source>请输入校验码</source>
      <translation>Please enter the check code</translation>
    </message>
    <message>
      <source>校验码印在受理回执二维码的下方，共8位</source>
      <translation>The check code is printed under the QR code on the acceptance receipt: 8 characters</translation>
    </message>
    <message>
      <source>尚未收到受理编号为 {receipt_no} 的办件，设备联网后会上传</source>
      <translation>Case {receipt_no} has not reached the back office yet; the device uploads it once it is online</translation>
    </message>
    <message>
      <source>请稍后再查；如一天后仍查不到，请核对受理编号和校验码，或到综合窗口咨询</source>
      <translation>Please look again later; if it is still not found after a day, check the receipt number and check code, or ask at a service window</translation>
    </message>
    <message>
      <source>暂时无法连接后台，本机没有这个办件</source>
      <translation>The back office cannot be reached right now, and this device does not have this case</translation>
    </message>
    <message>
      <source>请稍后再查，或到综合窗口咨询</source>
      <translation>Please look again later, or ask at a service window</translation>
    </message>
    <message>
      <source>评价内容不符合要求</source>
      <translation>The rating is not valid</translation>
    </message>
    <message>
      <source>请重新选择评价等级和原因后再提交</source>
      <translation>Choose the rating and reasons again, then submit</translation>
    </message>
    <message>
      <source>加密数据格式不正确，可能已损坏</source>
      <translation>Encrypted data is malformed and may be damaged</translation>
    </message>
    <message>
      <source>加密数据校验失败，可能已损坏或密钥不符</source>
      <translation>Encrypted data failed its check; it may be damaged or the key does not match</translation>
    </message>
    <message>
      <source>数据目录 {path} 不是文件夹</source>
      <translation>The data folder {path} is not a folder</translation>
    </message>
    <message>
      <source>请检查配置项 data_dir：它应当是一个文件夹的路径</source>
      <translation>Check the setting data_dir: it must be the path of a folder</translation>
    </message>
    <message>
      <source>数据目录 {path} 无法写入（{why}）</source>
      <translation>The data folder {path} cannot be written ({why})</translation>
    </message>
    <message>
      <source>请让运行本程序的用户可以写入该文件夹，或在 data_dir 中换一个文件夹</source>
      <translation>Let the user running this program write to that folder, or name another folder in data_dir</translation>
    </message>
    <message>
      <source>找不到设备密钥文件 {path}，已保存的办件无法读取</source>
      <translation>The device key file {path} is missing; saved cases cannot be read</translation>
    </message>
    <message>
      <source>请从备份恢复 device.key 后重启；确定放弃本机未上报的办件时，先移走 {db}</source>
      <translation>Restore device.key from a backup and restart; only if you mean to give up this device's unsent cases, move {db} away first</translation>
    </message>
    <message>
      <source>设备密钥文件已损坏，无法读取已保存的办件</source>
      <translation>The device key file is damaged; saved applications cannot be read</translation>
    </message>
    <message>
      <source>请联系管理员从备份恢复 device.key</source>
      <translation>Please ask the administrator to restore device.key from a backup</translation>
    </message>
    <message>
      <source>打印记录已损坏，无法补打</source>
      <translation>The print record is damaged and cannot be reprinted</translation>
    </message>
    <message>
      <source>找不到这条打印记录</source>
      <translation>This print record cannot be found</translation>
    </message>
    <message>
      <source>请刷新打印记录列表</source>
      <translation>Please refresh the print log</translation>
    </message>
    <message>
      <source>设备令牌文件无法读取</source>
      <translation>The device token file cannot be read</translation>
    </message>
    <message>
      <source>请重新登记本设备（onewindow sync enroll 登记码）</source>
      <translation>Please enrol this device again (onewindow sync enroll CODE)</translation>
    </message>
    <message>
      <source>后台的答复无法理解（{status}）：{reason}</source>
      <translation>The back office's reply cannot be understood ({status}): {reason}</translation>
    </message>
    <message>
      <source>后台的状态答复格式不正确</source>
      <translation>The back office's status answer is malformed</translation>
    </message>
    <message>
      <source>稍后自动重试</source>
      <translation>Will retry automatically</translation>
    </message>
    <message>
      <source>后台给出的地址不在本后台</source>
      <translation>The back office gave an address outside itself</translation>
    </message>
    <message>
      <source>请管理员检查 backoffice.url</source>
      <translation>Administrator: check backoffice.url</translation>
    </message>
    <message>
      <source>后台没有给出设备令牌</source>
      <translation>The back office gave no device token</translation>
    </message>
    <message>
      <source>请检查后台版本</source>
      <translation>Please check the back office version</translation>
    </message>
    <message>
      <source>后台的答复不是有效的 JSON</source>
      <translation>The back office's answer is not valid JSON</translation>
    </message>
    <message>
      <source>请求后台失败</source>
      <translation>Request to the back office failed</translation>
    </message>
    <message>
      <source>上传的数据块多次校验失败</source>
      <translation>An uploaded chunk failed its check several times</translation>
    </message>
    <message>
      <source>后台没有给出上传地址（Location）</source>
      <translation>The back office gave no upload address (Location)</translation>
    </message>
    <message>
      <source>后台的上传答复缺少 Upload-Offset</source>
      <translation>The back office's upload answer has no Upload-Offset</translation>
    </message>
    <message>
      <source>后台没有给出上传位置（Upload-Offset）</source>
      <translation>The back office gave no upload position (Upload-Offset)</translation>
    </message>
    <message>
      <source>后台暂时无法处理（{status}）：{reason}</source>
      <translation>The back office cannot handle this right now ({status}): {reason}</translation>
    </message>
    <message>
      <source>无法验证后台服务器的证书</source>
      <translation>The back office server's certificate cannot be verified</translation>
    </message>
    <message>
      <source>请管理员检查 backoffice.url 与 backoffice.ca_file</source>
      <translation>Administrator: check backoffice.url and backoffice.ca_file</translation>
    </message>
    <message>
      <source>后台已有不同内容的同号记录：{reason}</source>
      <translation>The back office already holds a different record under this id: {reason}</translation>
    </message>
    <message>
      <source>后台没有找到：{reason}</source>
      <translation>Not found at the back office: {reason}</translation>
    </message>
    <message>
      <source>无法连接后台</source>
      <translation>Cannot reach the back office</translation>
    </message>
    <message>
      <source>网络恢复后会自动上报</source>
      <translation>It is reported automatically when the network is back</translation>
    </message>
    <message>
      <source>后台拒收：{reason}</source>
      <translation>The back office refused it: {reason}</translation>
    </message>
    <message>
      <source>本设备未获授权连接后台</source>
      <translation>This device is not authorised to connect to the back office</translation>
    </message>
    <message>
      <source>请管理员重新登记本设备</source>
      <translation>Ask an administrator to enrol this device again</translation>
    </message>
    <message>
      <source>登记码无效、已使用或已过期</source>
      <translation>The enrolment code is invalid, used or expired</translation>
    </message>
    <message>
      <source>请后台管理员重新生成登记码（onewindow backoffice enroll）</source>
      <translation>Ask the back-office administrator for a new enrolment code (onewindow backoffice enroll)</translation>
    </message>
    <message>
      <source>配置项 {key}: 地址无效：{url}</source>
      <translation>Setting {key}: Invalid address: {url}</translation>
    </message>
    <message>
      <source>例如 https://backoffice.example:8443</source>
      <translation>for example https://backoffice.example:8443</translation>
    </message>
    <message>
      <source>配置项 {key}: TOML 格式错误：{detail}</source>
      <translation>Setting {key}: TOML syntax error: {detail}</translation>
    </message>
    <message>
      <source>检查引号和括号</source>
      <translation>Check quotes and brackets</translation>
    </message>
    <message>
      <source>请按 README 的配置项表修改</source>
      <translation>Correct it as the settings table in the README says</translation>
    </message>
    <message>
      <source>2–8位大写字母或数字，例如 K01</source>
      <translation>2–8 capital letters or digits, e.g. K01</translation>
    </message>
    <message>
      <source>2–12位大写字母或数字，例如 FS01</source>
      <translation>2–12 capital letters or digits, e.g. FS01</translation>
    </message>
    <message>
      <source>15 到 3600 之间的秒数</source>
      <translation>a number of seconds from 15 to 3600</translation>
    </message>
    <message>
      <source>写 zh_CN 或 en</source>
      <translation>write zh_CN or en</translation>
    </message>
    <message>
      <source>写 kiosk、counter 或 station</source>
      <translation>write kiosk, counter or station</translation>
    </message>
    <message>
      <source>音量写 0 到 100 之间的整数，例如 80</source>
      <translation>Write the volume as a whole number from 0 to 100, e.g. 80</translation>
    </message>
    <message>
      <source>写 true（开启语音引导）或 false（关闭）</source>
      <translation>Write true (voice guidance on) or false (off)</translation>
    </message>
    <message>
      <source>事项目录的查询间隔：大于 0、不超过 86400 的秒数，默认 300</source>
      <translation>How often to check for a new catalog: seconds, more than 0 and at most 86400 (default 300)</translation>
    </message>
    <message>
      <source>多久未更新就提示：0 到 8760 之间的小时数，0 为不提示，默认 24</source>
      <translation>after how many hours without an update to say so: 0 to 8760 hours, 0 = never, default 24</translation>
    </message>
    <message>
      <source>配置项 {key}: 找不到证书文件 {path}</source>
      <translation>Setting {key}: Certificate file {path} not found</translation>
    </message>
    <message>
      <source>写 PEM 格式 CA 证书的路径</source>
      <translation>Write the path of a PEM CA certificate</translation>
    </message>
    <message>
      <source>配置项 {key}: 找不到配置文件 {path}</source>
      <translation>Setting {key}: Configuration file {path} not found</translation>
    </message>
    <message>
      <source>检查路径</source>
      <translation>Check the path</translation>
    </message>
    <message>
      <source>配置项 {key}: {url} 是未加密的 http 地址，且不在本机</source>
      <translation>Setting {key}: {url} is plain, unencrypted http and not on this machine</translation>
    </message>
    <message>
      <source>请改用 https://；确需明文（仅限隔离的测试网）时设置 backoffice.allow_plain_http = true</source>
      <translation>Use https:// instead; only if plain text is really needed (an isolated test network) set backoffice.allow_plain_http = true</translation>
    </message>
    <message>
      <source>配置项 {key}: 代理地址 {url} 无效</source>
      <translation>Setting {key}: the proxy address {url} is not valid</translation>
    </message>
    <message>
      <source>例如 http://10.0.0.1:3128，不用代理请留空</source>
      <translation>For example http://10.0.0.1:3128; leave it empty for no proxy</translation>
    </message>
    <message>
      <source>配置项 {key}: 事项目录文件无法使用：{detail}</source>
      <translation>Setting {key}: the catalog file cannot be used: {detail}</translation>
    </message>
    <message>
      <source>请改正该文件，或把 catalog_file 留空以使用后台下发的目录</source>
      <translation>Correct the file, or leave catalog_file empty to use the catalog the back office sends</translation>
    </message>
    <message>
      <source>配置项 {key}: {path} 是一个文件夹，不是配置文件</source>
      <translation>Setting {key}: {path} is a folder, not a configuration file</translation>
    </message>
    <message>
      <source>请写出 .toml 文件本身的路径</source>
      <translation>Give the path of the .toml file itself</translation>
    </message>
    <message>
      <source>配置项 {key}: 无法读取配置文件 {path}（{why}）</source>
      <translation>Setting {key}: the configuration file {path} cannot be read ({why})</translation>
    </message>
    <message>
      <source>请检查文件权限：运行本程序的用户需要能读取它</source>
      <translation>Check the file's permissions: the user running this program must be able to read it</translation>
    </message>
    <message>
      <source>配置项 {key}: 配置文件 {path} 不是 UTF-8 编码</source>
      <translation>Setting {key}: the configuration file {path} is not UTF-8</translation>
    </message>
    <message>
      <source>请用 UTF-8 编码重新保存该文件</source>
      <translation>Save the file again as UTF-8</translation>
    </message>
    <message>
      <source>配置项 {key}: 不支持 {paper_mm} mm 纸宽</source>
      <translation>Setting {key}: Paper width {paper_mm} mm is not supported</translation>
    </message>
    <message>
      <source>请设为 58 或 80</source>
      <translation>Set it to 58 or 80</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}</source>
      <translation>Setting {key}: Invalid printer address {uri}</translation>
    </message>
    <message>
      <source>例如 tcp://10.0.0.5:9100</source>
      <translation>for example tcp://10.0.0.5:9100</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：端口无效</source>
      <translation>Setting {key}: Invalid printer address {uri}: invalid port</translation>
    </message>
    <message>
      <source>例如 tcp://10.0.0.5:9100、usb://04B8:0E15、serial:///dev/ttyUSB0?baud=115200</source>
      <translation>For example tcp://10.0.0.5:9100, usb://04B8:0E15, serial:///dev/ttyUSB0?baud=115200</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：不支持的波特率 {baud}</source>
      <translation>Setting {key}: Invalid printer address {uri}: unsupported baud rate {baud}</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：flow 应为 {flows} 之一</source>
      <translation>Setting {key}: Invalid printer address {uri}: flow must be one of {flows}</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：缺少主机名</source>
      <translation>Setting {key}: Invalid printer address {uri}: host name missing</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：缺少设备路径</source>
      <translation>Setting {key}: Invalid printer address {uri}: device path missing</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：{field} 应为数字</source>
      <translation>Setting {key}: Invalid printer address {uri}: {field} must be a number</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：不支持的接口 {scheme}</source>
      <translation>Setting {key}: Invalid printer address {uri}: unsupported interface {scheme}</translation>
    </message>
    <message>
      <source>配置项 {key}: 无效的打印机地址 {uri}：应为 usb://厂商ID:产品ID（十六进制）</source>
      <translation>Setting {key}: Invalid printer address {uri}: must be usb://VendorID:ProductID (hexadecimal)</translation>
    </message>
    <message>
      <source>配置项 {key}: 不认识的配置项</source>
      <translation>Setting {key}: unknown setting</translation>
    </message>
    <message>
      <source>请删除或检查拼写（见 README 的配置项表）</source>
      <translation>Remove it or check the spelling (see the settings table in the README)</translation>
    </message>
    <message>
      <source>暂时读不了身份证</source>
      <translation>Your ID card cannot be read just now</translation>
    </message>
    <message>
      <source>请把身份证拿开后重新放好；仍不行请到人工窗口办理</source>
      <translation>Please lift the card and put it down again; if that does not work, please go to a staffed window</translation>
    </message>
    <message>
      <source>读卡器暂时不能使用</source>
      <translation>The card reader is not working just now</translation>
    </message>
    <message>
      <source>请到人工窗口办理，工作人员会帮您</source>
      <translation>Please go to a staffed window; the staff will help you</translation>
    </message>
    <message>
      <source>扫描设备暂时不能使用</source>
      <translation>The scanner is not working just now</translation>
    </message>
    <message>
      <source>请到人工窗口办理，工作人员会帮您扫描材料</source>
      <translation>Please go to a staffed window; the staff will scan your documents</translation>
    </message>
    <message>
      <source>这份材料没能保存</source>
      <translation>This document could not be saved</translation>
    </message>
    <message>
      <source>请重新拍摄；仍不行请到人工窗口办理</source>
      <translation>Please scan it again; if that does not work, please go to a staffed window</translation>
    </message>
    <message>
      <source>回执暂时不能打印</source>
      <translation>The receipt cannot be printed just now</translation>
    </message>
    <message>
      <source>办件已保存，打印机恢复后回执会自动打印；也可以凭受理编号到人工窗口领取</source>
      <translation>Your application is saved. The receipt prints by itself once the printer works again, or you can collect it at a staffed window with your receipt number</translation>
    </message>
    <message>
      <source>办件暂时没能保存</source>
      <translation>Your application could not be saved just now</translation>
    </message>
    <message>
      <source>请稍后再点“确认提交”；仍不行请到人工窗口办理</source>
      <translation>Please touch “Confirm and submit” again in a moment; if that does not work, please go to a staffed window</translation>
    </message>
    <message>
      <source>这一步暂时没能完成</source>
      <translation>This step could not be done just now</translation>
    </message>
    <message>
      <source>请再试一次；仍不行请到人工窗口办理</source>
      <translation>Please try again; if that does not work, please go to a staffed window</translation>
    </message>
    <message>
      <source>呼叫未能记录</source>
      <translation>The call could not be recorded</translation>
    </message>
    <message>
      <source>请到人工窗口，或请身边的工作人员帮助</source>
      <translation>Please go to a staffed window, or ask a member of staff nearby</translation>
    </message>
    <message>
      <source>请写下您要咨询或反映的内容</source>
      <translation>Please write what you want to ask or report</translation>
    </message>
    <message>
      <source>点一下输入框，用拼音键盘或手写输入</source>
      <translation>Tap the box and type with the pinyin keyboard or by handwriting</translation>
    </message>
    <message>
      <source>内容太长了</source>
      <translation>The text is too long</translation>
    </message>
    <message>
      <source>请写在 {max} 字以内</source>
      <translation>Please keep it within {max} characters</translation>
    </message>
    <message>
      <source>回电号码不正确</source>
      <translation>The callback number is not right</translation>
    </message>
    <message>
      <source>请输入11位手机号码，或带区号的固定电话；不需回电请清空</source>
      <translation>Enter an 11-digit mobile number or a landline with its area code; clear it if you need no call back</translation>
    </message>
    <message>
      <source>留下回电号码，需要您同意工作人员回电</source>
      <translation>To leave a callback number, you need to agree to be called back</translation>
    </message>
    <message>
      <source>请点“同意回电”，或清空号码</source>
      <translation>Tap “I agree to a call back”, or clear the number</translation>
    </message>
    <message>
      <source>诉求未能记录</source>
      <translation>Your request could not be recorded</translation>
    </message>
    <message>
      <source>请检查内容后再提交，或到人工窗口反映</source>
      <translation>Check it and submit again, or tell a staffed window</translation>
    </message>
    <message>
      <source>工单编号格式不对</source>
      <translation>The ticket number is not in the right form</translation>
    </message>
    <message>
      <source>请照工单回执输入，例如 FS01-K01-20261202-H0007</source>
      <translation>Type it as on the ticket, e.g. FS01-K01-20261202-H0007</translation>
    </message>
    <message>
      <source>校验码应为8位字母或数字</source>
      <translation>The check code has 8 letters or digits</translation>
    </message>
    <message>
      <source>请照工单回执上的校验码输入</source>
      <translation>Type the check code printed on the ticket</translation>
    </message>
    <message>
      <source>没有查到这个工单</source>
      <translation>No such ticket was found</translation>
    </message>
    <message>
      <source>请核对工单编号和校验码；刚提交的工单稍后才能查到</source>
      <translation>Check the ticket number and check code; a ticket just taken shows a little later</translation>
    </message>
    <message>
      <source>查看答复需要联网，网络暂时不通</source>
      <translation>Reading the answer needs the network, which is down for now</translation>
    </message>
    <message>
      <source>请稍后再试，或拨打12345查询</source>
      <translation>Try again later, or call 12345</translation>
    </message>
    <message>
      <source>未配置A4打印机</source>
      <translation>No A4 printer configured</translation>
    </message>
    <message>
      <source>请到人工窗口打印证明</source>
      <translation>Please ask at a staffed window for the certificate</translation>
    </message>
    <message>
      <source>A4打印机未启动</source>
      <translation>The A4 printer has not started</translation>
    </message>
    <message>
      <source>A4打印机 {queue} 未连接或未就绪</source>
      <translation>A4 printer {queue} is not connected or not ready</translation>
    </message>
    <message>
      <source>请检查打印机电源、网络和 CUPS 服务（lpstat -p）</source>
      <translation>Check the printer's power and network and the CUPS service (lpstat -p)</translation>
    </message>
    <message>
      <source>A4打印机 {queue} 未接受打印任务：{why}</source>
      <translation>A4 printer {queue} did not accept the job: {why}</translation>
    </message>
    <message>
      <source>请检查 CUPS 队列（lpstat -p）</source>
      <translation>Check the CUPS queue (lpstat -p)</translation>
    </message>
    <message>
      <source>打印命令 {tool} 没有按时返回</source>
      <translation>The print command {tool} did not answer in time</translation>
    </message>
    <message>
      <source>请检查 CUPS 服务是否在运行</source>
      <translation>Check that the CUPS service is running</translation>
    </message>
    <message>
      <source>打印命令 {tool} 无法运行：{why}</source>
      <translation>The print command {tool} could not run: {why}</translation>
    </message>
    <message>
      <source>请安装 cups-client</source>
      <translation>Install cups-client</translation>
    </message>
    <message>
      <source>找不到打印命令 {tool}</source>
      <translation>The print command {tool} was not found</translation>
    </message>
    <message>
      <source>请安装 cups-client（apt-get install cups-client）</source>
      <translation>Install cups-client (apt-get install cups-client)</translation>
    </message>
    <message>
      <source>A4打印机地址 {uri} 无法识别</source>
      <translation>The A4 printer address {uri} is not recognised</translation>
    </message>
    <message>
      <source>请写成 cups://队列名 或 ipp://主机[:端口]/printers/队列名</source>
      <translation>Write cups://QUEUE or ipp://host[:port]/printers/QUEUE</translation>
    </message>
    <message>
      <source>申请人尚未同意复用材料</source>
      <translation>The applicant has not agreed to reuse materials</translation>
    </message>
    <message>
      <source>请先记录申请人的同意</source>
      <translation>Record the applicant's consent first</translation>
    </message>
    <message>
      <source>后台返回的材料无法使用</source>
      <translation>The material the back office returned cannot be used</translation>
    </message>
    <message>
      <source>请改为扫描纸质材料</source>
      <translation>Scan the paper material instead</translation>
    </message>
    <message>
      <source>没有查到您的这项证明</source>
      <translation>No such certificate was found for you</translation>
    </message>
    <message>
      <source>请到人工窗口咨询，或拨打 12345</source>
      <translation>Please ask at a staffed window or call 12345</translation>
    </message>
    <message>
      <source>这个事项不能自助打印证明</source>
      <translation>This service's certificate cannot be printed at the kiosk</translation>
    </message>
    <message>
      <source>后台返回的证明无法使用</source>
      <translation>The certificate the back office sent cannot be used</translation>
    </message>
    <message>
      <source>请稍后再试，或到人工窗口办理</source>
      <translation>Please try again later or go to a staffed window</translation>
    </message>
    <message>
      <source>证明暂时不能打印</source>
      <translation>The certificate cannot be printed right now</translation>
    </message>
    <message>
      <source>请稍后再试；仍不行请到人工窗口办理</source>
      <translation>Please try again later; if it still fails, go to a staffed window</translation>
    </message>
    <message>
      <source>信用记录显示申请人已被列入失信名单，不能以告知承诺代替证明</source>
      <translation>The credit record lists the applicant as a dishonest person subject to enforcement: a commitment cannot replace the proof</translation>
    </message>
    <message>
      <source>请提交证明材料；其他已办的内容不受影响</source>
      <translation>Please hand in the proof; nothing else entered is lost</translation>
    </message>
    <message>
      <source>信用记录显示申请人曾有不实承诺，不能以告知承诺代替证明</source>
      <translation>The credit record shows a false commitment by the applicant: a commitment cannot replace the proof</translation>
    </message>
    <message>
      <source>暂时无法查询信用记录，本机按规定不能办理告知承诺</source>
      <translation>The credit record cannot be checked now, and this device's rule then refuses commitments</translation>
    </message>
    <message>
      <source>请提交证明材料，或稍后再试</source>
      <translation>Please hand in the proof, or try again later</translation>
    </message>
    <message>
      <source>请先在签名框内签名</source>
      <translation>Please sign in the signature box first</translation>
    </message>
    <message>
      <source>没有可以用承诺代替的材料</source>
      <translation>No material here may be replaced by a commitment</translation>
    </message>
    <message>
      <source>此角色不能修改信用记录</source>
      <translation>This role cannot change the credit list</translation>
    </message>
    <message>
      <source>信用名单中没有这条记录</source>
      <translation>This holder is not on the credit list</translation>
    </message>
    <message>
      <source>查询失败次数过多，请稍后再试</source>
      <translation>Too many failed look-ups; please try again later</translation>
    </message>
    <message>
      <source>没有办件 {case_id}</source>
      <translation>No case {case_id}</translation>
    </message>
    <message>
      <source>不予受理必须写明理由</source>
      <translation>A refusal needs a reason</translation>
    </message>
    <message>
      <source>文件过大</source>
      <translation>The file is too large</translation>
    </message>
    <message>
      <source>此角色不能查看办件</source>
      <translation>This role may not read cases</translation>
    </message>
    <message>
      <source>请输入登录名和密码</source>
      <translation>Enter the login and the password</translation>
    </message>
    <message>
      <source>未知的操作</source>
      <translation>Unknown action</translation>
    </message>
    <message>
      <source>邮寄须填写运单号（8-20 位字母或数字）</source>
      <translation>Delivery by post needs a waybill number (8–20 letters or digits)</translation>
    </message>
    <message>
      <source>请选择办结结果：窗口取件或邮寄</source>
      <translation>Choose how the result goes out: pickup at a window or by post</translation>
    </message>
    <message>
      <source>此角色不能要求补正</source>
      <translation>This role may not ask for missing materials</translation>
    </message>
    <message>
      <source>请填写补正截止日期</source>
      <translation>Enter the due date for the missing materials</translation>
    </message>
    <message>
      <source>此角色不能决定免于补正</source>
      <translation>This role may not waive missing materials</translation>
    </message>
    <message>
      <source>这个办件没有该事项</source>
      <translation>This case has no such item</translation>
    </message>
    <message>
      <source>此操作只限员工，设备令牌不能使用</source>
      <translation>Staff only: a device token cannot do this</translation>
    </message>
    <message>
      <source>员工令牌不能用于设备接口</source>
      <translation>A staff token cannot be used for device routes</translation>
    </message>
    <message>
      <source>内容中的大厅或设备与发送设备的登记不符</source>
      <translation>The hall or device in the body does not match the sending device</translation>
    </message>
    <message>
      <source>受理编号不是发送设备的编号</source>
      <translation>The receipt number is not the sending device's</translation>
    </message>
    <message>
      <source>路径中的记录编号与内容中的不一致</source>
      <translation>The record id in the path and in the body differ</translation>
    </message>
    <message>
      <source>登记码错误次数过多，请稍后再试</source>
      <translation>Too many wrong enrolment codes; please try again later</translation>
    </message>
    <message>
      <source>此角色不能查询办件</source>
      <translation>This role may not look up cases</translation>
    </message>
    <message>
      <source>请给出校验码或身份证号码之一</source>
      <translation>Give either the check code or the ID number</translation>
    </message>
    <message>
      <source>此角色不能查询工单</source>
      <translation>This role may not look up hotline tickets</translation>
    </message>
    <message>
      <source>登录失败次数过多，请稍后再试</source>
      <translation>Too many failed sign-ins; please try again later</translation>
    </message>
    <message>
      <source>登录名或密码不对，或账号已停用</source>
      <translation>Wrong login or password, or the account is disabled</translation>
    </message>
    <message>
      <source>需要员工登录（staff sign-in required）</source>
      <translation>Staff sign-in required</translation>
    </message>
    <message>
      <source>此角色不能审批事项</source>
      <translation>This role may not decide items</translation>
    </message>
    <message>
      <source>X-Content-SHA256 应为 64 位十六进制 sha256</source>
      <translation>X-Content-SHA256 must be a 64-digit hexadecimal SHA-256</translation>
    </message>
    <message>
      <source>文件 {file_id} 的内容与 X-Content-SHA256 不符（hash mismatch）</source>
      <translation>The content of file {file_id} does not match X-Content-SHA256 (hash mismatch)</translation>
    </message>
    <message>
      <source>只有系统管理员能远程管理设备</source>
      <translation>Only a system administrator may manage devices remotely</translation>
    </message>
    <message>
      <source>此角色不能查看设备</source>
      <translation>This role may not read devices</translation>
    </message>
    <message>
      <source>只能查看本大厅的设备</source>
      <translation>Only this hall's devices may be read</translation>
    </message>
    <message>
      <source>只有已登记的设备能使用此接口</source>
      <translation>Only an enrolled device may use this route</translation>
    </message>
    <message>
      <source>此设备没有远程配置</source>
      <translation>This device has no remote configuration</translation>
    </message>
    <message>
      <source>此角色不能查看设备日志</source>
      <translation>This role may not read device logs</translation>
    </message>
    <message>
      <source>日志过大</source>
      <translation>The log is too large</translation>
    </message>
    <message>
      <source>日志应为 UTF-8 文本</source>
      <translation>The log must be UTF-8 text</translation>
    </message>
    <message>
      <source>此角色不能查看呼叫</source>
      <translation>This role may not read help calls</translation>
    </message>
    <message>
      <source>没有这条呼叫</source>
      <translation>No such help call</translation>
    </message>
    <message>
      <source>这条呼叫不属于本大厅</source>
      <translation>This help call belongs to another hall</translation>
    </message>
    <message>
      <source>只有系统管理员可以发布事项目录</source>
      <translation>Only a system administrator may publish the catalog</translation>
    </message>
    <message>
      <source>事项目录有误，未发布</source>
      <translation>The catalog has errors and was not published</translation>
    </message>
    <message>
      <source>事项目录暂不可用</source>
      <translation>The catalog is not available for now</translation>
    </message>
    <message>
      <source>路径中的办件编号与内容中的不一致</source>
      <translation>The case id in the path and in the body differ</translation>
    </message>
    <message>
      <source>只接收已提交的办件</source>
      <translation>Only submitted cases are taken in</translation>
    </message>
    <message>
      <source>办件留痕校验失败：事件记录被改动过</source>
      <translation>The case's trail does not verify: its events were changed</translation>
    </message>
    <message>
      <source>办件签名校验失败：不是本设备签署的内容，或签署后被改动过</source>
      <translation>The case's seal does not verify: not signed by this device, or changed after signing</translation>
    </message>
    <message>
      <source>事项 {item} 不在事项目录中</source>
      <translation>Item {item} is not in the catalog</translation>
    </message>
    <message>
      <source>一件事办件须写明一件事编码和其中的各事项</source>
      <translation>A bundle case must name its bundle and its items</translation>
    </message>
    <message>
      <source>一件事办件的事项重复</source>
      <translation>A bundle case lists an item twice</translation>
    </message>
    <message>
      <source>只能改为 accepted、rejected、ready 或 delivered</source>
      <translation>The state can only become accepted, rejected, ready or delivered</translation>
    </message>
    <message>
      <source>此角色不能作出这项决定</source>
      <translation>This role may not make this decision</translation>
    </message>
    <message>
      <source>没有查到这项证明</source>
      <translation>No such certificate was found</translation>
    </message>
    <message>
      <source>没有这个网上申报件</source>
      <translation>No such online application</translation>
    </message>
    <message>
      <source>网上预审件只能由本大厅已登录的窗口人员调取</source>
      <translation>Online applications can be pulled only by a window clerk of this hall who is signed in</translation>
    </message>
    <message>
      <source>这份网上申报还没有预审通过，不能当场受理</source>
      <translation>This online application has not passed pre-review and cannot be accepted on the spot</translation>
    </message>
    <message>
      <source>预审结论只能是预审通过或退回补正</source>
      <translation>A pre-review decision is either passed or returned for correction</translation>
    </message>
    <message>
      <source>退回补正必须写明理由（不超过500字）</source>
      <translation>Returning for correction needs a reason (at most 500 characters)</translation>
    </message>
    <message>
      <source>今天的网上申报编号已用完，请明天再试</source>
      <translation>Today's online application numbers are used up; please try again tomorrow</translation>
    </message>
    <message>
      <source>网上申报暂时繁忙，请稍后再试</source>
      <translation>Online applications are busy; please try again later</translation>
    </message>
    <message>
      <source>申请人未同意复用材料，不能查询</source>
      <translation>The applicant has not agreed to reuse materials: no look-up</translation>
    </message>
    <message>
      <source>没有查到这份可复用的材料或电子证照</source>
      <translation>No such reusable material or e-licence was found</translation>
    </message>
    <message>
      <source>只有值班长能查看审计日志</source>
      <translation>Only a supervisor may read the audit log</translation>
    </message>
    <message>
      <source>只有已登记的设备能发送心跳</source>
      <translation>Only an enrolled device may send a heartbeat</translation>
    </message>
    <message>
      <source>此角色不能查看设备列表</source>
      <translation>This role may not read the device list</translation>
    </message>
    <message>
      <source>设备未授权（unauthorized）</source>
      <translation>Device not authorised</translation>
    </message>
    <message>
      <source>一件事办件请逐项审批（各事项由其部门决定）</source>
      <translation>Decide a bundle case item by item (each by its department)</translation>
    </message>
    <message>
      <source>一件事办件须各事项均已办结方可待取件</source>
      <translation>A bundle case is ready only when every item is approved</translation>
    </message>
    <message>
      <source>没有与受理编号和校验码相符的办件</source>
      <translation>No case matches the receipt number and check code</translation>
    </message>
    <message>
      <source>没有与受理编号和校验信息相符的办件</source>
      <translation>No case matches the receipt number and the proof given</translation>
    </message>
    <message>
      <source>没有与工单编号和校验码相符的工单</source>
      <translation>No ticket matches the ticket number and check code</translation>
    </message>
    <message>
      <source>不支持的 tus 协议版本（需要 Tus-Resumable: 1.0.0）</source>
      <translation>Unsupported tus version (Tus-Resumable: 1.0.0 is needed)</translation>
    </message>
    <message>
      <source>缺少或错误的 Upload-Length</source>
      <translation>Upload-Length is missing or wrong</translation>
    </message>
    <message>
      <source>Upload-Metadata 中的 {key} 不是有效的 base64</source>
      <translation>{key} in Upload-Metadata is not valid base64</translation>
    </message>
    <message>
      <source>Upload-Metadata 需要 id（文件编号）和 sha256（64 位十六进制）</source>
      <translation>Upload-Metadata needs id (the file id) and sha256 (64 hexadecimal digits)</translation>
    </message>
    <message>
      <source>Content-Type 应为 application/offset+octet-stream</source>
      <translation>Content-Type must be application/offset+octet-stream</translation>
    </message>
    <message>
      <source>缺少或错误的 Upload-Offset</source>
      <translation>Upload-Offset is missing or wrong</translation>
    </message>
    <message>
      <source>没有上传 {file_id}</source>
      <translation>No upload {file_id}</translation>
    </message>
    <message>
      <source>不支持的校验算法 {name}</source>
      <translation>Unsupported checksum algorithm {name}</translation>
    </message>
    <message>
      <source>Upload-Checksum 的值不是有效的 base64</source>
      <translation>The value of Upload-Checksum is not valid base64</translation>
    </message>
    <message>
      <source>上传的数据超过了声明的文件长度</source>
      <translation>More data was sent than the declared file length</translation>
    </message>
    <message>
      <source>数据块校验失败（checksum mismatch），请重发</source>
      <translation>The chunk's checksum does not match; send it again</translation>
    </message>
    <message>
      <source>预约时段的结束时间须晚于开始时间</source>
      <translation>An appointment slot must end after it starts</translation>
    </message>
    <message>
      <source>这个开始时间已有预约时段 {slot_id}（结束时间或名额不同）</source>
      <translation>Slot {slot_id} already starts at this time (with another end or capacity)</translation>
    </message>
    <message>
      <source>本大厅没有这个预约时段</source>
      <translation>This hall has no such appointment slot</translation>
    </message>
    <message>
      <source>预约时段 {slot_id} 已约满</source>
      <translation>Appointment slot {slot_id} is fully booked</translation>
    </message>
    <message>
      <source>排队事件的时间应为带时区的 ISO 8601 时间</source>
      <translation>A queue event's time must be ISO 8601 with its offset</translation>
    </message>
    <message>
      <source>只有值班长和系统管理员能安排预约时段</source>
      <translation>Only supervisors and administrators can offer appointment slots</translation>
    </message>
    <message>
      <source>此角色不能登记预约</source>
      <translation>This role cannot book appointments</translation>
    </message>
    <message>
      <source>只有值班长和系统管理员能查看排队统计</source>
      <translation>Only supervisors and administrators can read the queue figures</translation>
    </message>
    <message>
      <source>只能办理本大厅的事务，不能办理大厅 {hall} 的</source>
      <translation>You may act only for your own hall, not for hall {hall}</translation>
    </message>
    <message>
      <source>排队事件的大厅与发送设备的登记不符</source>
      <translation>The queue events' hall is not the sending device's</translation>
    </message>
    <message>
      <source>日期不正确（应为 YYYY-MM-DD）</source>
      <translation>Not a valid date (write YYYY-MM-DD)</translation>
    </message>
    <message>
      <source>登录未成功</source>
      <translation>Sign-in failed</translation>
    </message>
    <message>
      <source>请重试，或联系管理员</source>
      <translation>Try again, or ask the administrator</translation>
    </message>
    <message>
      <source>请填写登录名和密码</source>
      <translation>Enter the login and the password</translation>
    </message>
    <message>
      <source>登录名或密码不对</source>
      <translation>Wrong login or password</translation>
    </message>
    <message>
      <source>还可以再试 {left} 次</source>
      <translation>{left} tries left</translation>
    </message>
    <message>
      <source>该账号在本机已暂时锁定</source>
      <translation>This account is locked on this device for now</translation>
    </message>
    <message>
      <source>请 {minutes} 分钟后再试，或请管理员重设密码</source>
      <translation>Try again in {minutes} min, or ask the administrator to reset the password</translation>
    </message>
    <message>
      <source>登录失败次数太多，后台暂时不接受登录</source>
      <translation>Too many failed sign-ins: the back office refuses sign-ins for now</translation>
    </message>
    <message>
      <source>请稍后再试</source>
      <translation>Try again later</translation>
    </message>
    <message>
      <source>该账号（{role}）不是窗口人员的账号</source>
      <translation>This account ({role}) is not a window staff account</translation>
    </message>
    <message>
      <source>请用窗口人员或值班长的账号登录</source>
      <translation>Sign in with a window clerk's or a supervisor's account</translation>
    </message>
    <message>
      <source>该账号属于其他大厅（{hall}）</source>
      <translation>This account belongs to another hall ({hall})</translation>
    </message>
    <message>
      <source>请用本大厅的账号登录</source>
      <translation>Sign in with an account of this hall</translation>
    </message>
    <message>
      <source>后台连不上，该账号没有在本机登录过</source>
      <translation>The back office is unreachable and this account has never signed in on this device</translation>
    </message>
    <message>
      <source>请联网后登录一次，之后才能离线登录</source>
      <translation>Sign in once while online; offline sign-in works after that</translation>
    </message>
    <message>
      <source>后台连不上，且该账号已超过 {days} 天没有联网登录</source>
      <translation>The back office is unreachable and this account has not signed in online for over {days} days</translation>
    </message>
    <message>
      <source>请联网后再登录</source>
      <translation>Sign in when the network is back</translation>
    </message>
    <message>
      <source>需要值班长确认</source>
      <translation>A supervisor must approve this</translation>
    </message>
    <message>
      <source>请值班长输入自己的登录名和密码</source>
      <translation>The supervisor enters their own login and password</translation>
    </message>
    <message>
      <source>没有业务类别 {category}</source>
      <translation>There is no category {category}</translation>
    </message>
    <message>
      <source>请从取号页面列出的类别中选择</source>
      <translation>Choose one of the categories on the ticket page</translation>
    </message>
    <message>
      <source>没有 {window} 号窗口</source>
      <translation>There is no window {window}</translation>
    </message>
    <message>
      <source>请检查本机配置 [hall] window 是否与大厅的窗口编号一致</source>
      <translation>Check that this device's [hall] window matches the hall's window numbers</translation>
    </message>
    <message>
      <source>本大厅不提供这种优先取号</source>
      <translation>This hall does not offer this kind of priority ticket</translation>
    </message>
    <message>
      <source>请选择普通取号，或向工作人员咨询</source>
      <translation>Take a normal ticket, or ask the staff</translation>
    </message>
    <message>
      <source>今天 {category} 类的号码已取完</source>
      <translation>Today's numbers for category {category} are used up</translation>
    </message>
    <message>
      <source>请向大厅工作人员咨询，或改日再来</source>
      <translation>Please ask the hall staff, or come back another day</translation>
    </message>
    <message>
      <source>没有这个号码</source>
      <translation>No such ticket</translation>
    </message>
    <message>
      <source>请核对号码，或重新取号</source>
      <translation>Check the number, or take a new ticket</translation>
    </message>
    <message>
      <source>号码 {number} 已在排队，不能作废</source>
      <translation>Ticket {number} is already waiting and cannot be voided</translation>
    </message>
    <message>
      <source>如需取消，请联系工作人员</source>
      <translation>To cancel it, please ask the staff</translation>
    </message>
    <message>
      <source>号码 {number} 格式不正确</source>
      <translation>Ticket number {number} is not well formed</translation>
    </message>
    <message>
      <source>号码是一个字母加三位数字，如 A012</source>
      <translation>A ticket number is a letter and three digits, such as A012</translation>
    </message>
    <message>
      <source>号码 {number} 不在本机预留的号段内</source>
      <translation>Ticket {number} is not in a block reserved for this device</translation>
    </message>
    <message>
      <source>请检查本机的离线取号记录，并联系管理员</source>
      <translation>Check this device's offline tickets and contact the administrator</translation>
    </message>
    <message>
      <source>本窗口已暂停叫号</source>
      <translation>Calling is paused at this window</translation>
    </message>
    <message>
      <source>请先点“恢复叫号”</source>
      <translation>Press "Resume" first</translation>
    </message>
    <message>
      <source>{number} 号已叫，尚未开始办理</source>
      <translation>{number} has been called but service has not started</translation>
    </message>
    <message>
      <source>请点“开始办理”、“重呼”或“过号”后再叫下一位</source>
      <translation>Press "Start", "Call again" or "No-show" before calling the next</translation>
    </message>
    <message>
      <source>本窗口当前没有叫到的号</source>
      <translation>No ticket is called at this window</translation>
    </message>
    <message>
      <source>请先点“叫号”</source>
      <translation>Press "Call next" first</translation>
    </message>
    <message>
      <source>本窗口当前没有在办理的号</source>
      <translation>No one is being served at this window</translation>
    </message>
    <message>
      <source>请先叫号或点“直接办理”</source>
      <translation>Call a ticket or press "Walk-in" first</translation>
    </message>
    <message>
      <source>{number} 号还没有开始办理</source>
      <translation>Service for {number} has not started</translation>
    </message>
    <message>
      <source>请先点“开始办理”</source>
      <translation>Press "Start" first</translation>
    </message>
    <message>
      <source>已重呼 {recalls} 次，重呼 {need} 次后才能过号</source>
      <translation>Called again {recalls} time(s); a no-show needs {need}</translation>
    </message>
    <message>
      <source>请再点“重呼”，等候办事人前来</source>
      <translation>Press "Call again" and wait for the citizen</translation>
    </message>
    <message>
      <source>请选择转到哪个类别或哪个窗口</source>
      <translation>Choose the category or the window to transfer to</translation>
    </message>
    <message>
      <source>二者选其一</source>
      <translation>One of the two</translation>
    </message>
    <message>
      <source>本窗口正在办理</source>
      <translation>This window is serving someone</translation>
    </message>
    <message>
      <source>请先结束当前办理</source>
      <translation>Finish the current service first</translation>
    </message>
    <message>
      <source>日期格式不正确</source>
      <translation>The date is not well formed</translation>
    </message>
    <message>
      <source>请写成 YYYY-MM-DD</source>
      <translation>Write it as YYYY-MM-DD</translation>
    </message>
    <message>
      <source>取号需要选择业务类别</source>
      <translation>A ticket needs a service type</translation>
    </message>
    <message>
      <source>请求的内容不正确</source>
      <translation>The request is not valid</translation>
    </message>
    <message>
      <source>请检查填写的内容后重试</source>
      <translation>Check what was entered and try again</translation>
    </message>
    <message>
      <source>大厅服务器需要本机的令牌</source>
      <translation>The hall server needs this device's token</translation>
    </message>
    <message>
      <source>请在本机配置 [hall] token 中填写大厅管理员给出的令牌</source>
      <translation>Put the token from the hall administrator in this device's [hall] token</translation>
    </message>
    <message>
      <source>大厅服务器不认识本机的令牌</source>
      <translation>The hall server does not know this device's token</translation>
    </message>
    <message>
      <source>请向大厅管理员重新领取令牌（onewindow hall token add）</source>
      <translation>Ask the hall administrator for a new token (onewindow hall token add)</translation>
    </message>
    <message>
      <source>演示大厅需要设备编号</source>
      <translation>The demo hall needs the device's code</translation>
    </message>
    <message>
      <source>请在请求中带上 X-OneWindow-Device 设备编号</source>
      <translation>Send the device code in X-OneWindow-Device</translation>
    </message>
    <message>
      <source>未配置令牌的大厅服务器只接受本机设备</source>
      <translation>A hall server without device tokens accepts this machine's devices only</translation>
    </message>
    <message>
      <source>请为每台设备添加令牌后再接入其他机器</source>
      <translation>Add a token for each device before connecting other machines</translation>
    </message>
    <message>
      <source>本机不是 {window} 号窗口的电脑</source>
      <translation>This PC is not the one of window {window}</translation>
    </message>
    <message>
      <source>请检查本机配置 [hall] window</source>
      <translation>Check this device's [hall] window</translation>
    </message>
    <message>
      <source>预约优先号需要预约签到</source>
      <translation>An appointment's priority ticket needs a check-in</translation>
    </message>
    <message>
      <source>请刷身份证或扫描预约二维码签到</source>
      <translation>Check in with your ID card or the appointment's QR code</translation>
    </message>
    <message>
      <source>暂时连不上大厅叫号服务器</source>
      <translation>The hall's queue server cannot be reached for now</translation>
    </message>
    <message>
      <source>本机会用预留号段继续取号；叫号请稍后再试</source>
      <translation>This kiosk goes on with its reserved numbers; try calling again later</translation>
    </message>
    <message>
      <source>可以先点“新的受理”直接受理；叫号稍后自动重试</source>
      <translation>Use "New intake" to take cases in meanwhile; calling retries on its own</translation>
    </message>
    <message>
      <source>大厅叫号服务器连不上，本机预留的号码也已用完</source>
      <translation>The hall's queue server cannot be reached and this kiosk's reserved numbers are used up</translation>
    </message>
    <message>
      <source>请到服务台人工取号</source>
      <translation>Please get a ticket at the service desk</translation>
    </message>
    <message>
      <source>大厅服务器的回答无法识别</source>
      <translation>The hall server's answer could not be understood</translation>
    </message>
    <message>
      <source>请稍后再试，或联系管理员</source>
      <translation>Try again later, or contact the administrator</translation>
    </message>
    <message>
      <source>本机没有配置大厅叫号服务器</source>
      <translation>No hall queue server is configured on this device</translation>
    </message>
    <message>
      <source>请在本机配置 [hall] url 中填写大厅服务器的地址</source>
      <translation>Put the hall server's address in this device's [hall] url</translation>
    </message>
    <message>
      <source>还没到您预约的时间，先给您普通号</source>
      <translation>It is not yet time for your appointment; here is a normal ticket</translation>
    </message>
    <message>
      <source>预约时段开始前30分钟内签到可优先叫号</source>
      <translation>Check in within 30 minutes before your slot to be called first</translation>
    </message>
    <message>
      <source>已过您预约的时间，先给您普通号</source>
      <translation>Your appointment time has passed; here is a normal ticket</translation>
    </message>
    <message>
      <source>如需优先办理，请重新预约</source>
      <translation>Book again to be served first</translation>
    </message>
    <message>
      <source>您的预约不是这个业务类别，先给您普通号</source>
      <translation>Your appointment is for another category; here is a normal ticket</translation>
    </message>
    <message>
      <source>请选择预约时的业务类别</source>
      <translation>Choose the category you booked</translation>
    </message>
    <message>
      <source>没有找到您今天的预约</source>
      <translation>No appointment of yours was found today</translation>
    </message>
    <message>
      <source>已为您取普通号</source>
      <translation>Here is a normal ticket</translation>
    </message>
    <message>
      <source>请选择业务类别取普通号，或到服务台咨询</source>
      <translation>Choose a service type to take a normal ticket, or ask at the service desk</translation>
    </message>
    <message>
      <source>大厅叫号服务器暂时连不上，现在不能预约签到</source>
      <translation>The hall's queue server cannot be reached: appointment check-in is not possible now</translation>
    </message>
    <message>
      <source>请选择业务类别取普通号（离线号码有效），或到服务台咨询</source>
      <translation>Choose a service type to take a normal ticket (offline numbers are valid), or ask at the service desk</translation>
    </message>
    <message>
      <source>{time} 以后再来签到可优先叫号</source>
      <translation>Come back after {time} and check in to be called first</translation>
    </message>
    <message>
      <source>现在也可以用这张普通号排队</source>
      <translation>You can also queue with this normal ticket now</translation>
    </message>
    <message>
      <source>长辈模式的无操作超时：15 到 3600 之间的秒数，不短于 idle_timeout_s；不写则是它的 3 倍</source>
      <translation>the idle timeout in senior mode: 15 to 3600 seconds, not shorter than idle_timeout_s; left out, it is 3 × idle_timeout_s</translation>
    </message>
    <message>
      <source>非常满意</source>
      <translation>Very satisfied</translation>
    </message>
    <message>
      <source>满意</source>
      <translation>Satisfied</translation>
    </message>
    <message>
      <source>基本满意</source>
      <translation>Fairly satisfied</translation>
    </message>
    <message>
      <source>不满意</source>
      <translation>Dissatisfied</translation>
    </message>
    <message>
      <source>非常不满意</source>
      <translation>Very dissatisfied</translation>
    </message>
    <message>
      <source>等候时间长</source>
      <translation>Long wait</translation>
    </message>
    <message>
      <source>材料要求不清楚</source>
      <translation>Unclear material requirements</translation>
    </message>
    <message>
      <source>工作人员态度</source>
      <translation>Staff attitude</translation>
    </message>
    <message>
      <source>办理时间长</source>
      <translation>Slow processing</translation>
    </message>
    <message>
      <source>设备不好用</source>
      <translation>Hard-to-use equipment</translation>
    </message>
    <message>
      <source>其他</source>
      <translation>Other</translation>
    </message>
    <message>
      <source>咨询</source>
      <translation>Question</translation>
    </message>
    <message>
      <source>投诉</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>建议</source>
      <translation>Suggestion</translation>
    </message>
    <message>
      <source>求助</source>
      <translation>Request for help</translation>
    </message>
    <message>
      <source>A4打印机不可用</source>
      <translation>A4 printer unavailable</translation>
    </message>
    <message>
      <source>A4打印机就绪</source>
      <translation>A4 printer ready</translation>
    </message>
    <message>
      <source>A4打印机已暂停，请检查纸张和卡纸</source>
      <translation>A4 printer paused: check the paper and for a jam</translation>
    </message>
    <message>
      <source>A4打印机未连接</source>
      <translation>A4 printer not connected</translation>
    </message>
    <message>
      <source>高拍仪分辨率与配置不同</source>
      <translation>Document camera resolution differs from the configuration</translation>
    </message>
    <message>
      <source>语音就绪</source>
      <translation>Voice ready</translation>
    </message>
    <message>
      <source>语音不可用</source>
      <translation>Voice unavailable</translation>
    </message>
    <message>
      <source>未配置语音</source>
      <translation>No voice configured</translation>
    </message>
    <message>
      <source>语音服务已断开</source>
      <translation>Speech service disconnected</translation>
    </message>
    <message>
      <source>高拍仪</source>
      <translation>Document camera</translation>
    </message>
    <message>
      <source>读卡器就绪</source>
      <translation>Card reader ready</translation>
    </message>
    <message>
      <source>高拍仪就绪</source>
      <translation>Document camera ready</translation>
    </message>
    <message>
      <source>打印机就绪</source>
      <translation>Printer ready</translation>
    </message>
    <message>
      <source>读卡器不可用</source>
      <translation>Card reader unavailable</translation>
    </message>
    <message>
      <source>打印机不可用</source>
      <translation>Printer unavailable</translation>
    </message>
    <message>
      <source>未配置读卡器</source>
      <translation>No card reader configured</translation>
    </message>
    <message>
      <source>未配置高拍仪</source>
      <translation>No document camera configured</translation>
    </message>
    <message>
      <source>打印机已断开</source>
      <translation>Printer disconnected</translation>
    </message>
    <message>
      <source>纸将用尽</source>
      <translation>Paper nearly out</translation>
    </message>
    <message>
      <source>缺纸，请更换打印纸</source>
      <translation>Out of paper; please load paper</translation>
    </message>
    <message>
      <source>打印机未连接</source>
      <translation>Printer not connected</translation>
    </message>
    <message>
      <source>打印机故障，请检查切刀和打印头</source>
      <translation>Printer fault; check the cutter and print head</translation>
    </message>
    <message>
      <source>正在连接 PC/SC 服务</source>
      <translation>Connecting to the PC/SC service</translation>
    </message>
    <message>
      <source>PC/SC 服务未运行，正在重连</source>
      <translation>The PC/SC service is not running; reconnecting</translation>
    </message>
    <message>
      <source>未找到 PC/SC 读卡器，请插好读卡器</source>
      <translation>No PC/SC card reader found; please plug one in</translation>
    </message>
    <message>
      <source>串口打印机长时间不接收数据</source>
      <translation>The serial printer has not accepted data for a long time</translation>
    </message>
    <message>
      <source>未安装 pyusb，无法使用 USB 打印机</source>
      <translation>pyusb is not installed; USB printers cannot be used</translation>
    </message>
    <message>
      <source>厂商ID</source>
      <translation>vendor ID</translation>
    </message>
    <message>
      <source>产品ID</source>
      <translation>product ID</translation>
    </message>
    <message>
      <source>设备密钥</source>
      <translation>the device key</translation>
    </message>
    <message>
      <source>读取</source>
      <translation>Reading</translation>
    </message>
    <message>
      <source>办件</source>
      <translation>the case</translation>
    </message>
    <message>
      <source>办件状态</source>
      <translation>the case's state</translation>
    </message>
    <message>
      <source>状态游标</source>
      <translation>the status cursor</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Saving</translation>
    </message>
    <message>
      <source>数据库版本</source>
      <translation>the database version</translation>
    </message>
    <message>
      <source>设备密钥校验值</source>
      <translation>the device key's check value</translation>
    </message>
    <message>
      <source>完整性检查</source>
      <translation>the integrity check</translation>
    </message>
    <message>
      <source>创建</source>
      <translation>Creating</translation>
    </message>
    <message>
      <source>签名密钥</source>
      <translation>the case-signing key</translation>
    </message>
    <message>
      <source>损坏的数据库</source>
      <translation>the damaged database</translation>
    </message>
    <message>
      <source>移走</source>
      <translation>Moving aside</translation>
    </message>
    <message>
      <source>损坏数据库中的办件</source>
      <translation>the cases in the damaged database</translation>
    </message>
    <message>
      <source>本地数据库</source>
      <translation>the local database</translation>
    </message>
    <message>
      <source>打开</source>
      <translation>Opening</translation>
    </message>
    <message>
      <source>恢复</source>
      <translation>Salvaging</translation>
    </message>
    <message>
      <source>数据库结构</source>
      <translation>the database schema</translation>
    </message>
    <message>
      <source>升级</source>
      <translation>Upgrading</translation>
    </message>
    <message>
      <source>清除</source>
      <translation>Clearing</translation>
    </message>
    <message>
      <source>材料文件</source>
      <translation>the material file</translation>
    </message>
    <message>
      <source>材料文件状态</source>
      <translation>the material file's state</translation>
    </message>
    <message>
      <source>未使用的材料文件</source>
      <translation>unused material files</translation>
    </message>
    <message>
      <source>上传进度</source>
      <translation>the upload progress</translation>
    </message>
    <message>
      <source>材料文件目录</source>
      <translation>the material files folder</translation>
    </message>
    <message>
      <source>待上报统计</source>
      <translation>the outbox counts</translation>
    </message>
    <message>
      <source>同步状态</source>
      <translation>the sync state</translation>
    </message>
    <message>
      <source>待上报列表</source>
      <translation>the outbox list</translation>
    </message>
    <message>
      <source>待上报记录</source>
      <translation>the outbox entry</translation>
    </message>
    <message>
      <source>分配</source>
      <translation>Assigning</translation>
    </message>
    <message>
      <source>记录</source>
      <translation>the record</translation>
    </message>
    <message>
      <source>12345工单</source>
      <translation>the 12345 ticket</translation>
    </message>
    <message>
      <source>出件记录</source>
      <translation>the hand-over record</translation>
    </message>
    <message>
      <source>保留期限</source>
      <translation>the retention period</translation>
    </message>
    <message>
      <source>办件清除</source>
      <translation>clearing cases</translation>
    </message>
    <message>
      <source>记录清除</source>
      <translation>clearing records</translation>
    </message>
    <message>
      <source>未恢复的办件</source>
      <translation>the list of unsalvaged cases</translation>
    </message>
    <message>
      <source>民生</source>
      <translation>Livelihood</translation>
    </message>
    <message>
      <source>公安</source>
      <translation>Public security</translation>
    </message>
    <message>
      <source>注册登记</source>
      <translation>Registration</translation>
    </message>
    <message>
      <source>许可经营</source>
      <translation>Business licensing</translation>
    </message>
    <message>
      <source>投资建设</source>
      <translation>Investment and construction</translation>
    </message>
    <message>
      <source>税务</source>
      <translation>Tax</translation>
    </message>
  </context>
</TS>
